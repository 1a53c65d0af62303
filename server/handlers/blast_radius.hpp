// GET /assets/{asset_id}/blast-radius (issue 5): every asset within `depth`, downstream or
// upstream, with owners, consumers and totals, for dashboards that poll (ETag / 304).
// Issue 19 item 3 adds, leaving the default body as it was: `view=summary` (totals only, no
// asset list) and paging of the listing (`limit`, `offset`; the page adds `total`, `limit`,
// `offset`, `next_offset`). The listing's order is (depth, fqn, id), stable for a generation.
#pragma once

#include <string>
#include <vector>

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

// The values of `direction` and `view`, the first of each being the default.
inline const std::vector<std::string> kBlastRadiusDirections = {"downstream", "upstream"};
inline const std::vector<std::string> kBlastRadiusViews = {"full", "summary"};

HttpResponse getBlastRadius(RequestContext& context);

}  // namespace tessera::server
