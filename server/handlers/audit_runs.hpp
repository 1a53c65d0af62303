// /api/v1/assets/{asset_id}/audit-results, /audit-history, /audit-trends (spec 04 §2): WAP
// data-quality runs reported by pipelines, their history and a trends summary with alerts.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse reportAuditRun(RequestContext& context);
HttpResponse getAuditHistory(RequestContext& context);
HttpResponse getAuditTrends(RequestContext& context);

}  // namespace tessera::server
