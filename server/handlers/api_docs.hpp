// GET /docs and GET /docs/{asset} (issue 18): interactive API documentation — Swagger UI over
// GET /openapi.json, "try it out" against this server. The Swagger UI files are npm's
// swagger-ui-dist, pinned in web/docs/package-lock.json and installed by scripts/lib.sh; the
// server reads them from DOCS_ASSETS_DIR (nothing fetched from a CDN, so it works offline).
// Without them: 503 DOCS_UNAVAILABLE in the error envelope.
#pragma once

#include <string_view>

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

// The file /docs needs from swagger-ui-dist; its absence means "not installed".
inline constexpr std::string_view kSwaggerBundleFile = "swagger-ui-bundle.js";

HttpResponse getApiDocs(RequestContext& context);
HttpResponse getApiDocsAsset(RequestContext& context);

}  // namespace tessera::server
