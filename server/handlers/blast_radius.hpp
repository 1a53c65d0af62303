// GET /assets/{asset_id}/blast-radius (issue 5): every asset within `depth`, downstream or
// upstream, with owners, consumers and totals, for dashboards that poll (ETag / 304).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse getBlastRadius(RequestContext& context);

}  // namespace tessera::server
