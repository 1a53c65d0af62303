// /api/v1/audit (spec 04 §1.4): the audit log, read-only.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse listAuditEvents(RequestContext& context);
HttpResponse getAuditEvent(RequestContext& context);
HttpResponse getEntityHistory(RequestContext& context);

}  // namespace tessera::server
