// GET /health, /health/live, /health/ready (spec 01 §8, 00-decisions: ready is 503 when
// Postgres is unreachable).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse getHealth(RequestContext& context);
HttpResponse getHealthLive(RequestContext& context);
HttpResponse getHealthReady(RequestContext& context);

}  // namespace tessera::server
