// /api/v1/assets/{asset_id}/audit-results, /audit-history, /audit-trends (spec 04 §2): WAP
// data-quality runs reported by pipelines, their history and a trends summary with alerts.
#pragma once

#include <cstddef>

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

// Limits of the query and body (spec 01 §15), also read by the OpenAPI document.
inline constexpr int kHistoryDefaultLimit = 50;
inline constexpr int kHistoryMaxLimit = 500;
inline constexpr size_t kMaxTriggeredByLength = 50;

HttpResponse reportAuditRun(RequestContext& context);
HttpResponse getAuditHistory(RequestContext& context);
HttpResponse getAuditTrends(RequestContext& context);

}  // namespace tessera::server
