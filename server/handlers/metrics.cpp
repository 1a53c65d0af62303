#include "server/handlers/metrics.hpp"

#include "server/cache/redis_cache.hpp"
#include "server/http/request_context.hpp"
#include "server/index/graph_service.hpp"
#include "server/metrics/metrics_registry.hpp"
#include "server/metrics/process_metrics.hpp"
#include "server/replica/read_replica.hpp"
#include "store/connection_pool.hpp"

namespace tessera::server {
namespace {

void sampleIndex(MetricsRegistry& m, const GraphService& graph) {
    const graph::IndexStats stats = graph.index().stats();
    m.gauge("tessera_index_assets", {}, "Assets in the dependency index.")
        .set(static_cast<double>(stats.assets));
    m.gauge("tessera_index_edges", {}, "Live dependency edges in the index.")
        .set(static_cast<double>(stats.edges));
    m.gauge("tessera_index_registrations", {}, "Live registrations in the index.")
        .set(static_cast<double>(stats.registrations));
    m.gauge("tessera_index_bytes", {}, "Memory held by the dependency index, in bytes.")
        .set(static_cast<double>(stats.totalBytes));
    m.gauge("tessera_index_generation", {},
            "The core.graph_state generation this replica has fully applied.")
        .set(static_cast<double>(graph.generation()));

    const GraphService::Health health = graph.health();
    m.gauge("tessera_index_last_build_duration_seconds", {},
            "Duration of the latest full load of the index.")
        .set(health.lastBuildSeconds);
    for (size_t i = 0; i < kRebuildCauses; ++i) {
        m.sampledCounter("tessera_index_rebuilds_total",
                         {{"cause", rebuildCauseName(static_cast<RebuildCause>(i))}},
                         "Full loads of the index, by cause.")
            .set(static_cast<double>(health.rebuilds[i]));
    }
    // No series until a notification has been processed: 0 would read as "just now".
    if (health.lastNotification) {
        m.gauge("tessera_index_last_notify_age_seconds", {},
                "Seconds since this replica last processed a graph change notification.")
            .set(std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                               *health.lastNotification)
                     .count());
    }
}

void samplePool(MetricsRegistry& m, store::ConnectionPool& pool) {
    const store::PoolStats stats = pool.stats();
    m.gauge("tessera_db_pool_max_connections", {}, "Postgres connections the pool may open.")
        .set(static_cast<double>(stats.maxConnections));
    m.gauge("tessera_db_pool_in_use", {}, "Postgres connections leased to requests now.")
        .set(static_cast<double>(stats.open - stats.idle));
    m.gauge("tessera_db_pool_idle", {}, "Open Postgres connections not leased.")
        .set(static_cast<double>(stats.idle));
    m.gauge("tessera_db_pool_waiting", {}, "Requests waiting for a Postgres connection now.")
        .set(static_cast<double>(stats.waiting));
    const std::pair<const char*, uint64_t> errors[] = {{"connect", stats.connectFailures},
                                                       {"timeout", stats.acquireTimeouts},
                                                       {"broken", stats.brokenConnections}};
    for (const auto& [kind, count] : errors) {
        m.sampledCounter("tessera_db_pool_errors_total", {{"kind", kind}},
                         "Pool errors: connect (Postgres refused), timeout (pool full), broken "
                         "(a connection died under a request).")
            .set(static_cast<double>(count));
    }
}

void sampleCache(MetricsRegistry& m, const RedisCache& cache) {
    m.gauge("tessera_redis_enabled", {}, "1 when REDIS_URL configures the read cache.")
        .set(cache.enabled() ? 1 : 0);
    m.gauge("tessera_redis_breaker_open", {},
            "1 while the Redis circuit breaker is open (every read goes to Postgres).")
        .set(cache.enabled() && cache.breakerOpen() ? 1 : 0);
}

}  // namespace

HttpResponse getMetrics(RequestContext& context) {
    App& app = context.app;
    sampleProcessMetrics(app.metrics);
    if (app.graph) sampleIndex(app.metrics, *app.graph);
    if (app.pool) samplePool(app.metrics, *app.pool);
    if (app.cache) sampleCache(app.metrics, *app.cache);
    if (app.replica) app.replica->sample(app.metrics);
    HttpResponse response;
    response.contentType = kPrometheusContentType;
    response.body = app.metrics.render();
    return response;
}

}  // namespace tessera::server
