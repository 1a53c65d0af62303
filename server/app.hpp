// Everything a request may use, built once at start-up and shared by all worker threads.
#pragma once

#include <memory>

#include "server/config.hpp"
#include "server/metrics/metrics_registry.hpp"
#include "server/middleware/credential_cache.hpp"
#include "server/middleware/rate_limiter.hpp"

namespace tessera::store {
class ConnectionPool;
}

namespace tessera::server {

// Included where used, so a handler that only needs the config does not compile the rest (nor
// libpqxx, through the pool).
class DeliveryWorker;      // server/notify/delivery_worker.hpp
class GraphService;        // server/index/graph_service.hpp
class NotificationOutbox;  // server/notify/notification_outbox.hpp
class ReadReplica;         // server/replica/read_replica.hpp
class RedisCache;          // server/cache/redis_cache.hpp
class RenderedBodyCache;   // server/cache/rendered_body_cache.hpp
class ReplicaCoherence;    // server/coherence/replica_coherence.hpp

struct App {
    explicit App(Config cfg);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    Config config;
    std::unique_ptr<store::ConnectionPool> pool;
    // The read replica (DATABASE_REPLICA_URL); null when none is configured. Its monitor is
    // started by `tessera serve`.
    std::unique_ptr<ReadReplica> replica;

    // Parsed RATE_LIMIT_* settings and the shared counters.
    struct RateLimits {
        std::vector<core::RateLimit> global, read, write, admin;
        std::vector<core::RateLimit> loginAddress, loginEmail;  // POST /login
    } rateLimits;
    RateLimiter rateLimiter;

    // Recently verified API keys (authentication without a database round trip).
    CredentialCache credentials;

    // Prometheus metrics (GET /metrics); components register their counters here.
    MetricsRegistry metrics;

    // The in-memory dependency index; started by `tessera serve` before it listens.
    std::unique_ptr<GraphService> graph;

    // Outbound webhooks and Slack messages: written by handlers, sent by the workers that
    // `tessera serve` starts.
    std::unique_ptr<NotificationOutbox> outbox;
    std::unique_ptr<DeliveryWorker> deliveries;

    // The optional Redis read cache (REDIS_URL); disabled when unset.
    std::unique_ptr<RedisCache> cache;

    // Blast-radius bodies rendered at the index's current revision, sent again as they are.
    std::unique_ptr<RenderedBodyCache> renderedBodies;

    // Forgets credentials and cached reads that other replicas or outside writes made stale;
    // started by `tessera serve`.
    std::unique_ptr<ReplicaCoherence> coherence;
};

}  // namespace tessera::server
