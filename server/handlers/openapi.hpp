// GET /openapi.json (issue 18): the OpenAPI 3.1 document of this server, generated from the
// route table (paths, methods, authentication, scopes, rate buckets, body kinds) and the route
// documentation (server/handlers/route_docs.hpp), with the validators' own enums and limits.
// Public and cacheable: ETag = hash of the body, 304 on If-None-Match.
#pragma once

#include <string>
#include <vector>

#include "server/config.hpp"
#include "server/http/http_types.hpp"
#include "server/http/route.hpp"

namespace tessera::server {
class RequestContext;

struct OpenApiDocument {
    std::string json;
    // "METHOD /path" of routes without documentation (they still appear, with generic
    // schemas) and of documentation without a route; both empty in a consistent build.
    std::vector<std::string> undocumentedRoutes;
    std::vector<std::string> orphanDocs;
};

// A route template as an OpenAPI path: `{path...}` (a parameter that may hold slashes) is
// written `{path}`.
std::string openApiPath(const std::string& pathTemplate);

OpenApiDocument buildOpenApiDocument(const std::vector<Route>& routes, const Config& config);

HttpResponse getOpenApi(RequestContext& context);

}  // namespace tessera::server
