#include "server/handlers/openapi.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>

#include "core/api_enums.hpp"
#include "core/error_codes.hpp"
#include "core/schema_diff.hpp"
#include "server/build_info.hpp"
#include "server/handlers/openapi_components.hpp"
#include "server/handlers/route_docs.hpp"
#include "server/handlers/route_table.hpp"
#include "server/http/entity_tags.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "server/middleware/credentials.hpp"

namespace tessera::server {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
using rapidjson::Value;
namespace code = core::code;
namespace status = core::status;

// Every code the error envelope may carry (spec 01 §2.4–§2.5 and Tessera's own, issue 14/18).
const std::vector<std::string> kErrorCodes = {
    code::kBadRequest,
    code::kConflict,
    code::kForbidden,
    code::kInternalError,
    code::kLengthRequired,
    code::kNotFound,
    code::kPayloadTooLarge,
    code::kDatabaseUnavailable,
    code::kRequestHeaderFieldsTooLarge,
    code::kUriTooLong,
    code::kValidationError,
    code::kDocsUnavailable,
    code::kCsrfFailed,
    code::kInsufficientPermissions,
    code::kInsufficientScope,
    code::kInvalidApiKey,
    code::kInvalidAuthHeader,
    code::kMissingApiKey,
    code::kUnauthorized,
    code::kUnauthorizedTeam,
    code::kApiKeyNotFound,
    code::kAssetNotFound,
    code::kContractNotFound,
    code::kDependencyNotFound,
    code::kProposalNotFound,
    code::kRegistrationNotFound,
    code::kTeamNotFound,
    code::kDuplicateAcknowledgment,
    code::kDuplicateAsset,
    code::kDuplicateDependency,
    code::kDuplicateTeam,
    code::kDuplicateUser,
    code::kNoTeams,
    code::kSelfDependency,
    code::kTeamHasAssets,
    code::kSyncPathNotFound,
    code::kManifestNotFound,
    code::kAuditFailed,
    code::kAuditRequired,
    code::kInvalidSchema,
    code::kProposalNotPending,
    code::kVersionExists,
};

// The enumerations as named components, from the lists the validators use.
const std::vector<std::pair<const char*, const std::vector<std::string>*>>& enumComponents() {
    static const std::vector<std::pair<const char*, const std::vector<std::string>*>> list = {
        {"GuaranteeMode", &core::kGuaranteeModes},
        {"CompatibilityMode", &core::compatibilityModeNames()},
        {"ContractStatus", &core::kContractStatuses},
        {"RegistrationStatus", &core::kRegistrationStatuses},
        {"ProposalStatus", &core::kProposalStatuses},
        {"AcknowledgmentResponse", &core::kAcknowledgmentResponses},
        {"DependencyType", &core::kDependencyTypes},
        {"WebhookDeliveryStatus", &core::kWebhookDeliveryStatuses},
        {"ChangeType", &core::kChangeTypes},
        {"ApiKeyScope", &core::kApiKeyScopes},
        {"UserRole", &core::kUserRoles},
    };
    return list;
}

Value str(const std::string& text, Allocator& a) {
    return Value(text.c_str(), a);
}

// A JSON text of the route docs or components, copied into the document. Their texts are
// ours: a malformed one is a programming error, caught by the tests that build the document.
Value parsed(std::string_view text, Allocator& a) {
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError()) {
        throw std::logic_error("OpenAPI: malformed JSON at offset " +
                               std::to_string(doc.GetErrorOffset()) + ": " +
                               std::string(text.substr(0, 120)));
    }
    return Value(doc, a);
}

Value stringArray(const std::vector<std::string>& items, Allocator& a) {
    Value array(rapidjson::kArrayType);
    for (const auto& item : items) array.PushBack(str(item, a), a);
    return array;
}

Value ref(const std::string& component, Allocator& a) {
    Value schema(rapidjson::kObjectType);
    schema.AddMember("$ref", str("#/components/schemas/" + component, a), a);
    return schema;
}

Value errorEnvelopeSchema(Allocator& a) {
    Value error = parsed(
        R"({"type":"object","required":["code","message","request_id","timestamp"],"properties":{)"
        R"("message":{"type":"string"},"request_id":{"type":"string"},)"
        R"("timestamp":{"type":"string","description":"offset form, e.g. 2025-01-01T12:00:00.123456+00:00"},)"
        R"("details":{"type":"object","description":"Present only when non-empty"}}})",
        a);
    Value codeSchema(rapidjson::kObjectType);
    codeSchema.AddMember("enum", stringArray(kErrorCodes, a), a);
    error["properties"].AddMember("code", codeSchema, a);
    Value envelope = parsed(R"j({"type":"object","required":["error"],"description":)j"
                            R"j("The error envelope (spec 01 §2.1)","properties":{}})j",
                            a);
    envelope["properties"].AddMember("error", error, a);
    return envelope;
}

Value components(Allocator& a) {
    Value schemas = parsed(openApiComponentSchemas(), a);
    for (const auto& [name, values] : enumComponents()) {
        Value schema(rapidjson::kObjectType);
        schema.AddMember("type", "string", a);
        schema.AddMember("enum", stringArray(*values, a), a);
        schemas.AddMember(Value(name, a), schema, a);
    }
    schemas.AddMember("ErrorEnvelope", errorEnvelopeSchema(a), a);

    Value security = parsed(
        R"({"bearerAuth":{"type":"http","scheme":"bearer","description":"Authorization: Bearer <api key> (tess_live_…) or the bootstrap key"},)"
        R"j("apiKeyHeader":{"type":"apiKey","in":"header","name":"X-API-Key","description":"The same API key in X-API-Key (used only when Authorization is absent)"},)j"
        R"j("sessionCookie":{"type":"apiKey","in":"cookie","name":"session","description":"The web UI's session (POST /login); scopes by role (admin: all, team_admin: read and write, user: read); state-changing requests also send X-CSRF-Token"}})j",
        a);
    Value result(rapidjson::kObjectType);
    result.AddMember("schemas", schemas, a);
    result.AddMember("securitySchemes", security, a);
    return result;
}

// What the route table says about a route, in the document's words.
const char* authName(AuthRequirement auth) {
    switch (auth) {
        case AuthRequirement::None:
            return "none";
        case AuthRequirement::Authenticated:
            return "authenticated";
        case AuthRequirement::TeamCreationGate:
            return "team-creation-gate";
        default:
            return scopeName(auth);
    }
}

const char* bucketName(RateBucket bucket) {
    return bucket == RateBucket::None ? "global" : rateBucketName(bucket);
}

bool needsScope(AuthRequirement auth) {
    return auth == AuthRequirement::Read || auth == AuthRequirement::Write ||
           auth == AuthRequirement::Admin || auth == AuthRequirement::TeamCreationGate;
}

Value paramSchema(const ParamDoc& param, Allocator& a) {
    Value schema(rapidjson::kObjectType);
    if (param.enumValues.empty()) {
        schema.AddMember("type", str(param.type, a), a);
    } else {
        schema.AddMember("type", "string", a);
        schema.AddMember("enum", stringArray(param.enumValues, a), a);
    }
    if (!param.format.empty()) schema.AddMember("format", str(param.format, a), a);
    if (param.minimum) schema.AddMember("minimum", Value(static_cast<int64_t>(*param.minimum)), a);
    if (param.maximum) schema.AddMember("maximum", Value(static_cast<int64_t>(*param.maximum)), a);
    if (param.minLength) {
        schema.AddMember("minLength", Value(static_cast<uint64_t>(*param.minLength)), a);
    }
    if (!param.defaultJson.empty()) schema.AddMember("default", parsed(param.defaultJson, a), a);
    return schema;
}

Value parameter(const ParamDoc& param, const char* in, Allocator& a) {
    Value value(rapidjson::kObjectType);
    value.AddMember("name", str(param.name, a), a);
    value.AddMember("in", Value(in, a), a);
    const bool required = param.required || std::string_view(in) == "path";
    value.AddMember("required", required, a);
    if (!param.description.empty()) value.AddMember("description", str(param.description, a), a);
    value.AddMember("schema", paramSchema(param, a), a);
    return value;
}

std::vector<std::string> templateNames(const std::string& pathTemplate) {
    static const std::regex placeholder(R"(\{([a-z_]+)(\.\.\.)?\})");
    std::vector<std::string> names;
    for (std::sregex_iterator it(pathTemplate.begin(), pathTemplate.end(), placeholder), end;
         it != end; ++it) {
        names.push_back((*it)[1].str());
    }
    return names;
}

Value parameters(const Route& route, const RouteDoc& doc, Allocator& a) {
    Value list(rapidjson::kArrayType);
    if (doc.pageDefault > 0) {
        list.PushBack(parameter(doc::integer("limit", doc.pageDefault, 1, doc.pageMax, "Page size"),
                                "query", a),
                      a);
        ParamDoc offset = doc::integer("offset", 0, 0, 0, "Rows to skip");
        offset.maximum.reset();
        list.PushBack(parameter(offset, "query", a), a);
    }
    for (const std::string& name : templateNames(route.pathTemplate)) {
        ParamDoc param = doc::uuid(name, "");
        for (const ParamDoc& given : doc.path) {
            if (given.name == name) param = given;
        }
        list.PushBack(parameter(param, "path", a), a);
    }
    for (const ParamDoc& param : doc.query) list.PushBack(parameter(param, "query", a), a);
    return list;
}

// An error response: the envelope, its code narrowed to what this status carries here.
Value envelopeWithCodes(const std::vector<std::string>& codes, Allocator& a) {
    Value narrowed = parsed(R"({"properties":{"error":{"properties":{"code":{}}}}})", a);
    narrowed["properties"]["error"]["properties"]["code"].AddMember("enum", stringArray(codes, a),
                                                                    a);
    Value allOf(rapidjson::kArrayType);
    allOf.PushBack(ref("ErrorEnvelope", a), a);
    allOf.PushBack(narrowed, a);
    Value schema(rapidjson::kObjectType);
    schema.AddMember("allOf", allOf, a);
    return schema;
}

// The responses of a route: its documented ones, then the ones every route of its kind may
// give (authentication, scope, validation, body size, rate limit, database outage).
std::map<int, ResponseDoc> responsesOf(const Route& route, const RouteDoc& doc) {
    std::map<int, ResponseDoc> responses;
    auto add = [&](const ResponseDoc& response) {
        auto [it, inserted] = responses.emplace(response.status, response);
        if (inserted) return;
        for (const auto& c : response.errorCodes) {
            if (std::find(it->second.errorCodes.begin(), it->second.errorCodes.end(), c) ==
                it->second.errorCodes.end()) {
                it->second.errorCodes.push_back(c);
            }
        }
        if (!response.description.empty() && it->second.description != response.description) {
            it->second.description += "; " + response.description;
        }
    };
    if (doc.responses.empty()) add(doc::ok(R"({"type":"object"})"));
    for (const auto& response : doc.responses) add(response);

    if (route.auth == AuthRequirement::TeamCreationGate) {
        add(doc::error(status::kUnauthorized, {code::kUnauthorized, code::kInvalidApiKey},
                       "No or malformed credentials, or an invalid key"));
    } else if (route.auth != AuthRequirement::None) {
        add(doc::error(status::kUnauthorized,
                       {code::kMissingApiKey, code::kInvalidAuthHeader, code::kInvalidApiKey},
                       "No, malformed or invalid credentials (WWW-Authenticate: Bearer)"));
    }
    if (needsScope(route.auth)) {
        add(doc::error(status::kForbidden, {code::kInsufficientScope},
                       std::string("The key lacks the '") + scopeName(route.auth) + "' scope"));
    }
    if (route.auth != AuthRequirement::None && route.auth != AuthRequirement::TeamCreationGate &&
        route.method != "GET") {
        add(doc::error(status::kForbidden, {code::kCsrfFailed},
                       "A session-cookie request without the session's X-CSRF-Token"));
    }
    const bool takesInput = route.body == BodyKind::Json || doc.pageDefault > 0 ||
                            !doc.query.empty() || route.pathTemplate.find('{') != std::string::npos;
    if (takesInput) {
        add({status::kUnprocessableEntity,
             "Invalid path, query or body values",
             "",
             {code::kValidationError}});
    }
    if (route.body == BodyKind::Json) {
        add(doc::error(status::kPayloadTooLarge, {code::kPayloadTooLarge},
                       "Body larger than MAX_REQUEST_BODY_BYTES"));
    }
    if (route.auth != AuthRequirement::None) {
        add(doc::error(status::kServiceUnavailable, {code::kDatabaseUnavailable, code::kNoTeams},
                       "Postgres unreachable (Retry-After: 1), or the bootstrap key before any "
                       "team exists"));
    }
    return responses;
}

Value responseValue(const ResponseDoc& response, Allocator& a) {
    Value value(rapidjson::kObjectType);
    value.AddMember("description",
                    str(response.description.empty() ? "Response" : response.description, a), a);
    Value schema;
    if (response.status == status::kUnprocessableEntity) {
        Value anyOf(rapidjson::kArrayType);
        anyOf.PushBack(ref("ValidationProblem", a), a);
        anyOf.PushBack(envelopeWithCodes(response.errorCodes, a), a);
        schema.SetObject();
        schema.AddMember("anyOf", anyOf, a);
    } else if (response.status == status::kTooManyRequests) {
        schema = ref("RateLimited", a);
    } else if (!response.errorCodes.empty()) {
        schema = envelopeWithCodes(response.errorCodes, a);
    } else if (!response.schemaJson.empty()) {
        schema = parsed(response.schemaJson, a);
    } else {
        return value;  // no body: 204, 304
    }
    Value media(rapidjson::kObjectType);
    media.AddMember("schema", schema, a);
    Value content(rapidjson::kObjectType);
    content.AddMember(str(response.mediaType, a), media, a);
    value.AddMember("content", content, a);
    return value;
}

Value security(const Route& route, Allocator& a) {
    Value list(rapidjson::kArrayType);
    if (route.auth == AuthRequirement::None) return list;  // public: an empty requirement list
    for (const char* scheme : {"bearerAuth", "apiKeyHeader", "sessionCookie"}) {
        // The team-creation gate reads the Authorization header only (spec 01 §10.1).
        const bool gate = route.auth == AuthRequirement::TeamCreationGate;
        if (gate && std::string_view(scheme) == "sessionCookie") continue;
        // OpenAPI 3.1: for non-OAuth schemes the list names the roles (here: the scope).
        Value scopes(rapidjson::kArrayType);
        if (needsScope(route.auth)) scopes.PushBack(Value(scopeName(route.auth), a), a);
        Value requirement(rapidjson::kObjectType);
        requirement.AddMember(Value(scheme, a), scopes, a);
        list.PushBack(requirement, a);
    }
    return list;
}

std::string lowerMethod(const std::string& method) {
    std::string text = method;
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string operationId(const Route& route) {
    std::string id = lowerMethod(route.method);
    bool separator = true;
    for (const char c : route.pathTemplate) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            if (separator) id += '_';
            id += c;
            separator = false;
        } else {
            separator = true;
        }
    }
    return id;
}

std::string describeAccess(const Route& route) {
    std::string text = "Auth: ";
    text += authName(route.auth);
    text += ". Rate limit: ";
    text += route.bucket == RateBucket::None ? "global only"
                                             : std::string(bucketName(route.bucket)) + " bucket";
    text += ".";
    return text;
}

Value operation(const Route& route, const RouteDoc& doc, Allocator& a) {
    Value op(rapidjson::kObjectType);
    op.AddMember("operationId", str(operationId(route), a), a);
    Value tags(rapidjson::kArrayType);
    tags.PushBack(str(doc.tag, a), a);
    op.AddMember("tags", tags, a);
    op.AddMember("summary", str(doc.summary, a), a);
    const std::string access = describeAccess(route);
    op.AddMember("description",
                 str(doc.description.empty() ? access : doc.description + "\n\n" + access, a), a);
    Value params = parameters(route, doc, a);
    if (!params.Empty()) op.AddMember("parameters", params, a);
    if (route.body == BodyKind::Json) {
        Value media(rapidjson::kObjectType);
        media.AddMember(
            "schema",
            parsed(doc.requestSchemaJson.empty() ? R"({"type":"object"})" : doc.requestSchemaJson,
                   a),
            a);
        if (!doc.requestExampleJson.empty()) {
            media.AddMember("example", parsed(doc.requestExampleJson, a), a);
        }
        Value content(rapidjson::kObjectType);
        content.AddMember("application/json", media, a);
        Value body(rapidjson::kObjectType);
        body.AddMember("required", true, a);
        body.AddMember("content", content, a);
        op.AddMember("requestBody", body, a);
    }
    Value responses(rapidjson::kObjectType);
    bool first = true;
    for (const auto& [statusCode, response] : responsesOf(route, doc)) {
        Value value = responseValue(response, a);
        if (first && !doc.responseExampleJson.empty() && value.HasMember("content")) {
            value["content"].MemberBegin()->value.AddMember("example",
                                                            parsed(doc.responseExampleJson, a), a);
        }
        first = false;
        responses.AddMember(str(std::to_string(statusCode), a), value, a);
    }
    responses.AddMember(
        "429",
        responseValue({status::kTooManyRequests, "Rate limit exceeded (Retry-After: 60)", "", {}},
                      a),
        a);
    op.AddMember("responses", responses, a);
    op.AddMember("security", security(route, a), a);
    op.AddMember("x-tessera-auth", Value(authName(route.auth), a), a);
    op.AddMember("x-tessera-rate-limit-bucket", Value(bucketName(route.bucket), a), a);
    return op;
}

std::string routeKey(const Route& route) {
    return route.method + " " + route.pathTemplate;
}

}  // namespace

std::string openApiPath(const std::string& pathTemplate) {
    std::string path = pathTemplate;
    for (size_t at = path.find("...}"); at != std::string::npos; at = path.find("...}", at)) {
        path.erase(at, 3);
    }
    return path;
}

OpenApiDocument buildOpenApiDocument(const std::vector<Route>& routes, const Config& config) {
    OpenApiDocument result;
    const RouteDocs docs = allRouteDocs(config);
    rapidjson::Document document(rapidjson::kObjectType);
    Allocator& a = document.GetAllocator();

    document.AddMember("openapi", "3.1.0", a);
    Value info = parsed(
        R"({"title":"Tessera","description":"Data-contract coordination: producers publish versioned JSON-Schema contracts for warehouse assets, consumers register against them, and a breaking change becomes a proposal the affected consumers acknowledge before it ships. Generated from the server's route table."})",
        a);
    info.AddMember("version", str(std::string(buildVersion()), a), a);
    document.AddMember("info", info, a);
    // Relative: "try it out" calls the server that served the document.
    document.AddMember("servers", parsed(R"([{"url":"/"}])", a), a);

    Value paths(rapidjson::kObjectType);
    std::vector<std::string> tagOrder;
    std::set<std::string> seen;
    const RouteDoc fallback{.tag = "Other", .summary = "Undocumented route"};
    for (const Route& route : routes) {
        const std::string key = routeKey(route);
        seen.insert(key);
        auto found = docs.find(key);
        if (found == docs.end()) result.undocumentedRoutes.push_back(key);
        const RouteDoc& doc = found == docs.end() ? fallback : found->second;
        if (std::find(tagOrder.begin(), tagOrder.end(), doc.tag) == tagOrder.end()) {
            tagOrder.push_back(doc.tag);
        }
        const std::string path = openApiPath(route.pathTemplate);
        if (!paths.HasMember(path.c_str())) {
            paths.AddMember(str(path, a), Value(rapidjson::kObjectType), a);
        }
        paths[path.c_str()].AddMember(str(lowerMethod(route.method), a), operation(route, doc, a),
                                      a);
    }
    for (const auto& [key, doc] : docs) {
        if (!seen.count(key)) result.orphanDocs.push_back(key);
    }

    Value tags(rapidjson::kArrayType);
    for (const auto& tag : tagOrder) {
        Value entry(rapidjson::kObjectType);
        entry.AddMember("name", str(tag, a), a);
        tags.PushBack(entry, a);
    }
    document.AddMember("tags", tags, a);
    document.AddMember("paths", paths, a);
    document.AddMember("components", components(a), a);

    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    result.json.assign(buffer.GetString(), buffer.GetSize());
    return result;
}

namespace {

// The document and its tag, built once for the configuration they describe: the routes and the
// configuration do not change while a server runs, and a build costs a few milliseconds (the
// whole route table, every schema, a SHA-256), revalidations included.
struct ServedDocument {
    const Config* config = nullptr;
    std::string json;
    std::string etag;
};

std::shared_ptr<const ServedDocument> servedDocument(const Config& config) {
    static std::mutex mutex;
    static std::shared_ptr<const ServedDocument> cached;
    std::lock_guard<std::mutex> lock(mutex);
    if (!cached || cached->config != &config) {
        auto built = std::make_shared<ServedDocument>();
        built->config = &config;
        built->json = buildOpenApiDocument(buildServedRoutes(), config).json;
        built->etag = "\"" + sha256Hex(built->json).substr(0, 32) + "\"";
        cached = std::move(built);
    }
    return cached;
}

}  // namespace

HttpResponse getOpenApi(RequestContext& context) {
    const auto document = servedDocument(context.config());
    const std::string& etag = document->etag;
    HttpResponse response;
    if (ifNoneMatchHits(context.request, etag)) {
        response = emptyResponse(status::kNotModified);
    } else {
        response = jsonResponse(status::kOk, document->json);
    }
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "public, no-cache");
    return response;
}

}  // namespace tessera::server
