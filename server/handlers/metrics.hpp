// GET /metrics: every registered metric in the Prometheus text format
// (server/metrics/metrics_registry.hpp). Public like /health, global rate limit only.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse getMetrics(RequestContext& context);

}  // namespace tessera::server
