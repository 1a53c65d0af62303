// Blast radius (spec 02 §9.5 with 00-decisions; issue 5): POST /assets/{id}/impact for a
// proposed schema, and GET /assets/{id}/blast-radius for dashboards that poll (ETag / 304).
// Both traverse the in-memory dependency index; neither waits on Postgres for the traversal.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse analyzeImpact(RequestContext& context);
HttpResponse getBlastRadius(RequestContext& context);

}  // namespace tessera::server
