// The optional Redis read cache (spec 02 §10) on hiredis: a small pool of connections with
// short timeouts behind a circuit breaker. When Redis is down or slow the breaker opens, every
// read is a miss and every write a no-op without touching the network, and a background thread
// probes Redis until it answers again — a Redis outage never fails or slows a request.
//
// Staleness rules (issue 7; the original invalidated before commit and missed several writes):
// - invalidation runs after the Postgres commit, before the response is sent;
// - each invalidation first bumps `tessera:epoch`; a reader notes the epoch before it reads
//   Postgres and stores its value only if the epoch is unchanged (one Lua script), so a reader
//   that raced a write can never put the pre-write value back after the write's deletes;
// - an invalidation that could not reach Redis marks the cache dirty: before the breaker closes
//   again every `tessera:*` key is deleted, so nothing cached before the outage survives it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/metrics/metrics_registry.hpp"

struct redisContext;

namespace tessera::server {

struct RedisEndpoint {
    std::string host = "127.0.0.1";
    int port = 6379;
    std::string password;
    int database = 0;
};

// redis://[[user]:password@]host[:port][/db]; nullopt (with `error`) for anything else.
std::optional<RedisEndpoint> parseRedisUrl(const std::string& url, std::string* error);

class RedisCache {
  public:
    // Disabled when `url` is empty or blank.
    RedisCache(const std::string& url, MetricsRegistry& metrics);
    ~RedisCache();
    RedisCache(const RedisCache&) = delete;
    RedisCache& operator=(const RedisCache&) = delete;

    bool enabled() const { return endpoint_.has_value(); }
    // Open while Redis is unreachable: reads miss and writes are skipped without a round trip.
    bool breakerOpen() const { return open_.load(std::memory_order_acquire); }

    struct Lookup {
        std::optional<std::string> value;  // a hit: a stored non-empty JSON object text
        std::string epoch;                 // pass to storeIfCurrent on a miss
        bool usable = false;               // false: Redis unavailable, do not try to store
    };
    Lookup lookup(const std::string& key);
    // SETEX key ttl value, unless an invalidation happened since `epoch` was read.
    void storeIfCurrent(const std::string& key, int ttlSeconds, const std::string& value,
                        const std::string& epoch);

    // Bumps the epoch, deletes `keys`, and SCAN+DELs every key matching each of `patterns`.
    void invalidate(const std::vector<std::string>& keys, const std::vector<std::string>& patterns);

  private:
    class Connection;
    std::unique_ptr<Connection> acquire();
    void release(std::unique_ptr<Connection> connection);
    // A connection-level failure: drop the connection and open the breaker.
    void tripBreaker(const std::string& reason);
    void probeWhileOpen();
    bool deletePattern(Connection& connection, const std::string& pattern);

    std::optional<RedisEndpoint> endpoint_;
    std::mutex poolMutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::atomic<bool> open_{false};
    std::atomic<bool> dirty_{false};  // an invalidation was lost: flush before closing
    std::atomic<bool> stopping_{false};
    std::mutex probeMutex_;
    std::condition_variable probeWake_;
    std::thread prober_;

    Counter& hits_;
    Counter& misses_;
    Counter& errors_;
    Counter& skipped_;
};

}  // namespace tessera::server
