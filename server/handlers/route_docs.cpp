#include "server/handlers/route_docs.hpp"

#include "core/json.hpp"
#include "server/http/pagination.hpp"

namespace tessera::server {

RouteDocs allRouteDocs(const Config& config) {
    RouteDocs docs = platformRouteDocs(config);
    for (auto* group : {assetRouteDocs, contractRouteDocs}) docs.merge(group(config));
    docs.merge(webRouteDocs());
    return docs;
}

namespace doc {

std::string ref(const std::string& component) {
    return R"({"$ref":"#/components/schemas/)" + component + R"("})";
}

std::string pageOf(const std::string& component) {
    return R"({"allOf":[)" + ref("Page") + R"(,{"properties":{"results":{"items":)" +
           ref(component) + "}}}]}";
}

std::string arrayOf(const std::string& schemaJson) {
    return R"({"type":"array","items":)" + schemaJson + "}";
}

std::string stringSchema(size_t minLength, size_t maxLength) {
    return R"({"type":"string","minLength":)" + std::to_string(minLength) + R"(,"maxLength":)" +
           std::to_string(maxLength) + "}";
}

std::string enumOf(const std::vector<std::string>& values) {
    std::string schema = R"({"enum":[)";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) schema += ",";
        schema += core::jsonQuote(values[i]);
    }
    return schema + "]}";
}

ParamDoc uuid(std::string name, std::string description, bool required) {
    ParamDoc param;
    param.name = std::move(name);
    param.format = "uuid";
    param.required = required;
    param.description = std::move(description);
    return param;
}

ParamDoc text(std::string name, std::string description) {
    ParamDoc param;
    param.name = std::move(name);
    param.description = std::move(description);
    return param;
}

ParamDoc flag(std::string name, bool fallback, std::string description) {
    ParamDoc param;
    param.name = std::move(name);
    param.type = "boolean";
    param.defaultJson = fallback ? "true" : "false";
    param.description = std::move(description);
    return param;
}

ParamDoc oneOf(std::string name, const std::vector<std::string>& values, std::string description,
               bool required) {
    ParamDoc param;
    param.name = std::move(name);
    param.enumValues = values;
    param.required = required;
    param.description = std::move(description);
    return param;
}

ParamDoc integer(std::string name, long long fallback, long long minimum, long long maximum,
                 std::string description) {
    ParamDoc param;
    param.name = std::move(name);
    param.type = "integer";
    param.minimum = minimum;
    param.maximum = maximum;
    param.defaultJson = std::to_string(fallback);
    param.description = std::move(description);
    return param;
}

ParamDoc datetime(std::string name, std::string description) {
    ParamDoc param;
    param.name = std::move(name);
    param.format = "date-time";
    param.description = std::move(description);
    return param;
}

ResponseDoc ok(std::string schemaJson, std::string description) {
    return {core::status::kOk, std::move(description), std::move(schemaJson), {}};
}

ResponseDoc created(std::string schemaJson, std::string description) {
    return {core::status::kCreated, std::move(description), std::move(schemaJson), {}};
}

ResponseDoc noContent(std::string description) {
    return {core::status::kNoContent, std::move(description), "", {}};
}

ResponseDoc error(int status, std::vector<std::string> codes, std::string description) {
    return {status, std::move(description), "", std::move(codes)};
}

RouteDoc paged(RouteDoc route, const Config& config) {
    route.pageDefault = config.paginationLimitDefault;
    route.pageMax = config.paginationLimitMax;
    return route;
}

RouteDoc fixedPaged(RouteDoc route) {
    route.pageDefault = kFixedPageDefault;
    route.pageMax = kFixedPageMax;
    return route;
}

}  // namespace doc

}  // namespace tessera::server
