// What the OpenAPI document (GET /openapi.json) says about one route beyond what the route
// itself knows (method, path, auth, rate bucket, body kind): a summary, a tag, its query
// parameters with their bounds, and the schemas of its body and responses. Schemas are JSON
// Schema text (2020-12, as OpenAPI 3.1 uses), usually a `$ref` to a component of
// server/handlers/openapi_components.cpp. Filled in server/handlers/route_docs_*.cpp, keyed by
// "METHOD /path/template" like the route table.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tessera::server {

struct ParamDoc {
    std::string name{};
    std::string type = "string";  // JSON Schema type: string, integer, boolean
    std::string format{};         // uuid, date-time, … (empty: none)
    bool required = false;
    std::optional<long long> minimum{};
    std::optional<long long> maximum{};
    std::optional<size_t> minLength{};
    std::vector<std::string> enumValues{};
    std::string defaultJson{};  // the default as JSON text (empty: no default)
    std::string description{};
};

struct ResponseDoc {
    int status = 200;
    std::string description{};
    std::string schemaJson{};               // empty: no body (204) or the error envelope (4xx)
    std::vector<std::string> errorCodes{};  // 4xx/5xx: the envelope codes this status may carry
    std::string mediaType = "application/json";
};

struct RouteDoc {
    std::string tag{};
    std::string summary{};
    std::string description{};
    // The standard `limit`/`offset` (spec 01 §7), first of the parameters; 0 = not paginated.
    int pageDefault = 0;
    int pageMax = 0;
    std::vector<ParamDoc> query{};
    // Path parameters come from the template ({x_id}: a UUID); these override by name.
    std::vector<ParamDoc> path{};
    std::string requestSchemaJson{};  // JSON-body routes; empty: any JSON object
    std::string requestExampleJson{};
    // The success response first; the errors every route of its kind may answer (401, 403,
    // 422, 429, 503) are added by the document builder.
    std::vector<ResponseDoc> responses{};
    std::string responseExampleJson{};  // example of the first response
};

}  // namespace tessera::server
