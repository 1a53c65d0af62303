// /api/v1/api-keys (spec 01 §12, rules R14/R15 of §9.8).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse createApiKey(RequestContext& context);
HttpResponse listApiKeys(RequestContext& context);
HttpResponse getApiKey(RequestContext& context);
HttpResponse revokeApiKey(RequestContext& context);

}  // namespace tessera::server
