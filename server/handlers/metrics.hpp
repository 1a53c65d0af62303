// GET /metrics: every registered metric in the Prometheus text format
// (server/metrics/metrics_registry.hpp). Public like /health, global rate limit only.
// Besides the series components count themselves, each scrape samples:
//   process_*                                 server/metrics/process_metrics.hpp
//   tessera_index_*                           the dependency index (server/index/)
//   tessera_db_pool_*                         the Postgres connection pool (store/)
//   tessera_redis_enabled, tessera_redis_breaker_open   the Redis cache (server/cache/)
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse getMetrics(RequestContext& context);

}  // namespace tessera::server
