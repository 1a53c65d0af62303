#include "server/app.hpp"

#include "server/cache/redis_cache.hpp"
#include "server/cache/rendered_body_cache.hpp"
#include "server/coherence/replica_coherence.hpp"
#include "server/index/graph_service.hpp"
#include "server/notify/delivery_worker.hpp"
#include "server/notify/notification_outbox.hpp"
#include "server/replica/read_replica.hpp"
#include "store/connection_pool.hpp"
#include "store/database_url.hpp"

namespace tessera::server {

App::App(Config cfg) : config(std::move(cfg)) {
    // A short connect timeout: during an outage requests fail fast with 503 instead of hanging.
    const std::string connectionString =
        store::withServerOrigin(store::withConnectTimeout(config.databaseUrl, 3));
    // Requests wait at most DB_LOCK_TIMEOUT_MS for a lock (then 503): a handler waits in its
    // worker thread, so an operator's open transaction holding a row or table lock stalled every
    // connection that thread serves, health probes included, for as long as it stayed open. The
    // index and the listeners (their own connections) keep waiting as long as it takes.
    const auto forRequests = [&](const std::string& connection) {
        return config.dbLockTimeoutMs > 0
                   ? store::withSessionSetting(connection, "lock_timeout",
                                               std::to_string(config.dbLockTimeoutMs))
                   : connection;
    };
    store::PoolOptions options;
    options.connectionString = forRequests(connectionString);
    options.maxConnections = static_cast<size_t>(config.dbPoolSize + config.dbMaxOverflow);
    options.acquireTimeout = std::chrono::seconds(config.dbPoolTimeoutSeconds);
    options.recycleAfter = std::chrono::seconds(config.dbPoolRecycleSeconds);
    if (!config.replicaDatabaseUrl.empty()) {
        store::PoolOptions replicaOptions = options;
        replicaOptions.connectionString = forRequests(
            store::withServerOrigin(store::withConnectTimeout(config.replicaDatabaseUrl, 3)));
        ReplicaMonitor::Settings monitor;
        monitor.primaryConnection = connectionString;
        monitor.replicaConnection = replicaOptions.connectionString;
        // The reads' connections as the replica's pg_stat_activity shows them.
        replicaOptions.connectionString =
            store::withApplicationName(replicaOptions.connectionString, "tessera-reads");
        monitor.checkInterval = std::chrono::milliseconds(config.replicaCheckIntervalMs);
        monitor.maxLag = std::chrono::milliseconds(config.replicaMaxLagMs);
        replica =
            std::make_unique<ReadReplica>(std::move(replicaOptions), std::move(monitor), metrics);
    }
    pool = std::make_unique<store::ConnectionPool>(std::move(options));
    graph = std::make_unique<GraphService>(connectionString);
    cache = std::make_unique<RedisCache>(config.redisUrl, metrics);
    renderedBodies = std::make_unique<RenderedBodyCache>(config.blastRadiusCacheMb << 20, &metrics);
    coherence = std::make_unique<ReplicaCoherence>(connectionString, credentials, cache.get());
    outbox = std::make_unique<NotificationOutbox>(config.webhookUrl, config.slackWebhookUrl);
    DeliverySettings delivery;
    delivery.threads = config.deliveryWorkers;
    delivery.retryDelaysSeconds = config.webhookRetryDelays;
    delivery.webhookSecret = config.webhookSecret;
    deliveries = std::make_unique<DeliveryWorker>(*pool, std::move(delivery));
    outbox->setWakeUp([worker = deliveries.get()] { worker->wakeUp(); });
    // loadConfig() already rejected malformed limits.
    rateLimits.global = core::parseRateLimits(config.rateLimitGlobal, nullptr).value();
    rateLimits.read = core::parseRateLimits(config.rateLimitRead, nullptr).value();
    rateLimits.write = core::parseRateLimits(config.rateLimitWrite, nullptr).value();
    rateLimits.admin = core::parseRateLimits(config.rateLimitAdmin, nullptr).value();
    rateLimits.loginAddress = core::parseRateLimits(config.loginRateLimitAddress, nullptr).value();
    rateLimits.loginEmail = core::parseRateLimits(config.loginRateLimitEmail, nullptr).value();
}

App::~App() = default;

}  // namespace tessera::server
