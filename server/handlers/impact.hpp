// POST /assets/{asset_id}/impact (spec 02 §9.5 with 00-decisions): what a proposed schema would
// break, downstream through the in-memory index.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse analyzeImpact(RequestContext& context);

}  // namespace tessera::server
