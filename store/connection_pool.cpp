#include "store/connection_pool.hpp"

#include "core/errors.hpp"

namespace tessera::store {

bool isConnectionFailure(const std::exception& error) {
    if (dynamic_cast<const pqxx::broken_connection*>(&error)) return true;
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
        const std::string& state = sql->sqlstate();
        // Class 08: connection exception; 57P01..57P03: server shutting down / cannot connect.
        return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" ||
               state == "57P03";
    }
    return false;
}

bool ConnectionPool::connectionLost(const std::exception& error, pqxx::connection& connection) {
    return isConnectionFailure(error) || !connection.is_open();
}

void ConnectionPool::discardIdle() {
    std::lock_guard lock(mutex_);
    openCount_ -= idle_.size();
    idle_.clear();
    available_.notify_all();
}

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = other.pool_;
        pooled_ = std::move(other.pooled_);
    }
    return *this;
}

ConnectionPool::Lease::~Lease() {
    release();
}

void ConnectionPool::Lease::release() {
    if (pool_ && pooled_) pool_->giveBack(std::move(pooled_));
}

std::unique_ptr<PooledConnection> ConnectionPool::open() {
    auto pooled = std::make_unique<PooledConnection>();
    try {
        pooled->connection = std::make_unique<pqxx::connection>(options_.connectionString);
    } catch (const std::exception& error) {
        throw core::ServiceUnavailable(std::string("database unavailable: ") + error.what());
    }
    pooled->openedAt = std::chrono::steady_clock::now();
    return pooled;
}

ConnectionPool::Lease ConnectionPool::acquire() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + options_.acquireTimeout;
    while (idle_.empty() && openCount_ >= options_.maxConnections) {
        ++waiting_;
        const std::cv_status waited = available_.wait_until(lock, deadline);
        --waiting_;
        if (waited == std::cv_status::timeout && idle_.empty() &&
            openCount_ >= options_.maxConnections) {
            ++acquireTimeouts_;
            throw core::ServiceUnavailable("database connection pool exhausted");
        }
    }
    if (!idle_.empty()) {
        auto pooled = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(pooled));
    }
    ++openCount_;
    lock.unlock();
    try {
        return Lease(this, open());
    } catch (...) {
        std::lock_guard relock(mutex_);
        --openCount_;
        ++connectFailures_;
        available_.notify_one();
        throw;
    }
}

void ConnectionPool::giveBack(std::unique_ptr<PooledConnection> pooled) {
    const bool expired =
        std::chrono::steady_clock::now() - pooled->openedAt > options_.recycleAfter;
    const bool usable =
        !pooled->broken && !expired && pooled->connection && pooled->connection->is_open();
    std::lock_guard lock(mutex_);
    if (pooled->broken) ++brokenConnections_;
    if (usable) {
        idle_.push_back(std::move(pooled));
    } else {
        --openCount_;
    }
    available_.notify_one();
}

PoolStats ConnectionPool::stats() {
    std::lock_guard lock(mutex_);
    PoolStats stats;
    stats.maxConnections = options_.maxConnections;
    stats.open = openCount_;
    stats.idle = idle_.size();
    stats.waiting = waiting_;
    stats.connectFailures = connectFailures_;
    stats.acquireTimeouts = acquireTimeouts_;
    stats.brokenConnections = brokenConnections_;
    return stats;
}

bool ConnectionPool::ping(std::string* error) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            Lease lease = acquire();
            try {
                pqxx::nontransaction query(lease.connection());
                query.exec("SELECT 1");
                return true;
            } catch (const std::exception& failure) {
                lease.markBroken();
                if (error) *error = failure.what();
                // A stale idle connection after a Postgres restart: try once more on a new one.
                if (!connectionLost(failure, lease.connection())) return false;
                discardIdle();
            }
        } catch (const std::exception& failure) {
            if (error) *error = failure.what();
            return false;
        }
    }
    return false;
}

}  // namespace tessera::store
