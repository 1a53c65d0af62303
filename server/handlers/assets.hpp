// /api/v1/assets (spec 02 §4): create, list, search, get, update, soft delete, restore,
// bulk owner-user assignment.
#pragma once

#include <cstddef>

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

// Longest `environment` (spec 01 §15), also read by the OpenAPI document.
inline constexpr size_t kMaxEnvironmentLength = 50;

HttpResponse createAsset(RequestContext& context);
HttpResponse listAssets(RequestContext& context);
HttpResponse searchAssets(RequestContext& context);
HttpResponse getAsset(RequestContext& context);
HttpResponse updateAsset(RequestContext& context);
HttpResponse deleteAsset(RequestContext& context);
HttpResponse restoreAsset(RequestContext& context);
HttpResponse bulkAssignAssets(RequestContext& context);

}  // namespace tessera::server
