// A bounded pool of libpqxx connections. Connections that break (Postgres restarted, network
// cut) are dropped and replaced on the next acquire, so the server recovers from an outage
// without a restart; while Postgres is down, acquire() throws core::ServiceUnavailable (503).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <unordered_set>
#include <vector>

namespace tessera::store {

struct PoolOptions {
    std::string connectionString;  // libpq URI
    size_t maxConnections = 20;
    std::chrono::milliseconds acquireTimeout{30000};
    std::chrono::seconds recycleAfter{3600};
};

// One pooled connection and the prepared statements it already knows.
struct PooledConnection {
    std::unique_ptr<pqxx::connection> connection;
    std::unordered_set<std::string> preparedStatements;
    std::chrono::steady_clock::time_point openedAt;
    bool broken = false;
};

// What GET /metrics reports about the pool (taken under its lock, so the numbers agree).
struct PoolStats {
    size_t maxConnections = 0;
    size_t open = 0;     // connections open (idle or leased)
    size_t idle = 0;     // open and not leased
    size_t waiting = 0;  // acquire() calls waiting for a connection now
    // Since start: connections Postgres refused, acquire() calls that timed out on a full
    // pool, and leases given back broken (the connection died under a request).
    uint64_t connectFailures = 0;
    uint64_t acquireTimeouts = 0;
    uint64_t brokenConnections = 0;
};

class ConnectionPool {
  public:
    explicit ConnectionPool(PoolOptions options);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // Exclusive use of one connection; returned to the pool (or dropped if broken) on
    // destruction.
    class Lease {
      public:
        Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> pooled)
            : pool_(pool), pooled_(std::move(pooled)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&& other) noexcept;
        ~Lease();

        pqxx::connection& connection() { return *pooled_->connection; }
        PooledConnection& pooled() { return *pooled_; }
        void markBroken() { pooled_->broken = true; }

      private:
        void release();
        ConnectionPool* pool_;
        std::unique_ptr<PooledConnection> pooled_;
    };

    Lease acquire();

    // A trivial query on a pooled connection; false with `error` when Postgres is unreachable.
    bool ping(std::string* error);

    // After one connection failed (Postgres restarted, network cut) the idle ones are most
    // likely dead too: drop them so the next requests open fresh connections.
    void discardIdle();

    // True when `error` on `connection` means the connection is gone.
    static bool connectionLost(const std::exception& error, pqxx::connection& connection);

    const PoolOptions& options() const { return options_; }
    PoolStats stats();

  private:
    void giveBack(std::unique_ptr<PooledConnection> pooled);
    std::unique_ptr<PooledConnection> open();

    PoolOptions options_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<PooledConnection>> idle_;
    size_t openCount_ = 0;
    size_t waiting_ = 0;
    uint64_t connectFailures_ = 0;
    uint64_t acquireTimeouts_ = 0;
    uint64_t brokenConnections_ = 0;
};

// True for errors that mean the connection (or the server behind it) is gone.
bool isConnectionFailure(const std::exception& error);

}  // namespace tessera::store
