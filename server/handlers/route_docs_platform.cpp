// Route documentation: health, metrics, the API documents, teams, users, API keys, audit log
// (spec 01 §8, §10–§13, spec 04 §1.4).
#include "core/api_enums.hpp"
#include "core/error_codes.hpp"
#include "server/handlers/route_docs.hpp"

namespace tessera::server {
namespace {

using namespace doc;
namespace code = core::code;
namespace status = core::status;

std::string teamCreateBody(const Config& config) {
    return R"({"type":"object","required":["name"],"properties":{"name":)" +
           stringSchema(1, static_cast<size_t>(config.maxTeamNameLength)) +
           R"(,"metadata":{"type":"object"}}})";
}

const char* kTeamUpdateBody =
    R"({"type":"object","properties":{"name":{"type":["string","null"],"minLength":1,"maxLength":255},)"
    R"("metadata":{"type":["object","null"]}}})";

std::string userCreateBody() {
    return R"({"type":"object","required":["email","name"],"properties":{)"
           R"("email":{"type":"string","format":"email"},"name":{"type":"string","minLength":1,"maxLength":255},)"
           R"("metadata":{"type":"object"},"team_id":{"type":["string","null"],"format":"uuid"},)"
           R"("password":{"type":["string","null"],"minLength":4,"maxLength":128},"role":)" +
           enumOf(core::kUserRoles) + "}}";
}

std::string apiKeyCreateBody() {
    return R"({"type":"object","required":["name","team_id"],"properties":{)"
           R"("name":{"type":"string","minLength":1,"maxLength":255},"team_id":{"type":"string","format":"uuid"},)"
           R"("scopes":{"type":"array","items":)" +
           enumOf(core::kApiKeyScopes) +
           R"(,"default":["read","write"]},)"
           R"("expires_at":{"type":["string","null"],"format":"date-time"}}})";
}

const char* kReassignBody =
    R"({"type":"object","required":["target_team_id"],"properties":{"target_team_id":{"type":"string","format":"uuid"},)"
    R"("asset_ids":{"type":["array","null"],"items":{"type":"string","format":"uuid"}}}})";

// A 200 whose body is not JSON.
ResponseDoc file(std::string mediaType, std::string description) {
    ResponseDoc response = ok(R"({"type":"string"})", std::move(description));
    response.mediaType = std::move(mediaType);
    return response;
}

ResponseDoc teamNotFound() {
    return error(status::kNotFound, {code::kTeamNotFound}, "No such team");
}

RouteDocs healthAndDocuments() {
    return {
        {"GET /health",
         {.tag = "Health",
          .summary = "Liveness of the process",
          .responses = {ok(ref("Health"))},
          .responseExampleJson = R"({"status":"healthy"})"}},
        {"GET /health/live",
         {.tag = "Health",
          .summary = "Liveness probe",
          .responses = {ok(ref("Health"))},
          .responseExampleJson = R"({"status":"alive"})"}},
        {"GET /health/ready",
         {.tag = "Health",
          .summary = "Readiness: is Postgres reachable",
          .responses =
              {ok(ref("HealthReady")),
               {status::kServiceUnavailable, "Postgres unreachable", ref("HealthReady"), {}}},
          .responseExampleJson = R"({"status":"ready","database":true})"}},
        {"GET /metrics",
         {.tag = "Health",
          .summary = "Prometheus metrics (text exposition format)",
          .responses = {file("text/plain", "Prometheus text format 0.0.4")}}},
        {"GET /openapi.json",
         {.tag = "Docs",
          .summary = "This document",
          .description = "Generated from the route table and the request validators' limits. "
                         "Cacheable: an `ETag` (the body's hash) and 304 on `If-None-Match`.",
          .responses = {ok(R"({"type":"object"})"),
                        {status::kNotModified, "Not Modified", "", {}}}}},
        {"GET /docs",
         {.tag = "Docs",
          .summary = "Interactive API documentation (Swagger UI, offline)",
          .responses = {file("text/html", "The Swagger UI page"),
                        error(status::kServiceUnavailable, {code::kDocsUnavailable},
                              "The Swagger UI assets are not installed (DOCS_ASSETS_DIR)")}}},
        {"GET /docs/{asset}",
         {.tag = "Docs",
          .summary = "A file of the interactive documentation (JS, CSS, images)",
          .path = {text("asset", "A file name of swagger-ui-dist, e.g. swagger-ui-bundle.js")},
          .responses = {file("application/octet-stream", "The file (its own Content-Type)"),
                        {status::kNotModified, "Not Modified", "", {}},
                        error(status::kNotFound, {code::kNotFound}, "No such file"),
                        error(status::kServiceUnavailable, {code::kDocsUnavailable},
                              "The Swagger UI assets are not installed (DOCS_ASSETS_DIR)")}}},
        {"POST /api/v1/schemas/validate",
         {.tag = "Schemas",
          .summary = "Is this a valid JSON Schema (Draft 7)?",
          .requestSchemaJson = R"({"type":"object"})",
          .requestExampleJson = R"({"type":"object","properties":{"id":{"type":"integer"}}})",
          .responses = {ok(ref("SchemaValidation"))},
          .responseExampleJson = R"({"valid":true,"errors":[]})"}},
    };
}

RouteDocs teams(const Config& config) {
    const std::string team = ref("Team");
    return {
        {"POST /api/v1/teams",
         {.tag = "Teams",
          .summary = "Create a team",
          .description = "Team-creation gate (spec 01 §10.1): the bootstrap key or an admin key.",
          .requestSchemaJson = teamCreateBody(config),
          .requestExampleJson = R"({"name":"data-platform"})",
          .responses = {created(team),
                        error(status::kConflict, {code::kDuplicateTeam}, "Name taken")}}},
        {"GET /api/v1/teams",
         paged({.tag = "Teams",
                .summary = "List teams",
                .query = {text("name", "Substring of the name (case-insensitive)")},
                .responses = {ok(ref("TeamPage"))}},
               config)},
        {"GET /api/v1/teams/{team_id}",
         {.tag = "Teams", .summary = "Get a team", .responses = {ok(team), teamNotFound()}}},
        {"PATCH /api/v1/teams/{team_id}",
         {.tag = "Teams",
          .summary = "Update a team",
          .requestSchemaJson = kTeamUpdateBody,
          .responses = {ok(team), teamNotFound(),
                        error(status::kConflict, {code::kDuplicateTeam}, "Name taken")}}},
        {"PUT /api/v1/teams/{team_id}",
         {.tag = "Teams",
          .summary = "Update a team (same as PATCH)",
          .requestSchemaJson = kTeamUpdateBody,
          .responses = {ok(team), teamNotFound(),
                        error(status::kConflict, {code::kDuplicateTeam}, "Name taken")}}},
        {"DELETE /api/v1/teams/{team_id}",
         {.tag = "Teams",
          .summary = "Soft-delete a team",
          .query = {flag("force", false, "Delete even when the team owns assets")},
          .responses = {noContent(), teamNotFound(),
                        error(status::kConflict, {code::kTeamHasAssets}, "The team owns assets")}}},
        {"POST /api/v1/teams/{team_id}/restore",
         {.tag = "Teams",
          .summary = "Restore a deleted team",
          .responses = {ok(team), teamNotFound()}}},
        {"GET /api/v1/teams/{team_id}/members",
         paged({.tag = "Teams",
                .summary = "Users of a team",
                .responses = {ok(ref("Page")),
                              error(status::kNotFound, {code::kNotFound}, "No such team")}},
               config)},
        {"POST /api/v1/teams/{team_id}/reassign-assets",
         {.tag = "Teams",
          .summary = "Move a team's assets to another team",
          .requestSchemaJson = kReassignBody,
          .responses =
              {ok(ref("TeamReassignment")),
               error(status::kNotFound, {code::kNotFound}, "Source or target team not found"),
               error(status::kBadRequest, {code::kBadRequest}, "Source and target are the same")}}},
    };
}

RouteDocs users(const Config& config) {
    const std::string user = ref("User");
    const ResponseDoc notFound = error(status::kNotFound, {code::kNotFound}, "No such user");
    const ResponseDoc duplicate = error(status::kConflict, {code::kDuplicateUser}, "E-mail taken");
    const char* updateBody =
        R"({"type":"object","properties":{"email":{"type":["string","null"]},"name":{"type":["string","null"],"minLength":1,"maxLength":255},)"
        R"("team_id":{"type":["string","null"],"format":"uuid"},"password":{"type":["string","null"],"minLength":4,"maxLength":128},)"
        R"("role":{"type":["string","null"]},"notification_preferences":{"type":["object","null"]},"metadata":{"type":["object","null"]}}})";
    return {
        {"POST /api/v1/users",
         {.tag = "Users",
          .summary = "Create a user",
          .requestSchemaJson = userCreateBody(),
          .responses = {created(user), duplicate}}},
        {"GET /api/v1/users",
         paged({.tag = "Users",
                .summary = "List users",
                .query = {uuid("team_id", "Users of this team"),
                          text("email", "Substring of the e-mail address"),
                          text("name", "Substring of the name"),
                          flag("include_deactivated", false, "Include deactivated users")},
                .responses = {ok(pageOf("User"))}},
               config)},
        {"GET /api/v1/users/{user_id}",
         {.tag = "Users", .summary = "Get a user", .responses = {ok(user), notFound}}},
        {"PATCH /api/v1/users/{user_id}",
         {.tag = "Users",
          .summary = "Update a user",
          .requestSchemaJson = updateBody,
          .responses = {ok(user), notFound, duplicate}}},
        {"PUT /api/v1/users/{user_id}",
         {.tag = "Users",
          .summary = "Update a user (same as PATCH)",
          .requestSchemaJson = updateBody,
          .responses = {ok(user), notFound, duplicate}}},
        {"DELETE /api/v1/users/{user_id}",
         {.tag = "Users", .summary = "Deactivate a user", .responses = {noContent(), notFound}}},
        {"POST /api/v1/users/{user_id}/reactivate",
         {.tag = "Users", .summary = "Reactivate a user", .responses = {ok(user), notFound}}},
    };
}

RouteDocs apiKeysAndAudit() {
    const ResponseDoc keyNotFound =
        error(status::kNotFound, {code::kApiKeyNotFound}, "No such key");
    const ResponseDoc eventNotFound = error(status::kNotFound, {code::kNotFound}, "No such event");
    return {
        {"POST /api/v1/api-keys",
         {.tag = "API keys",
          .summary = "Create an API key (the raw key is returned once)",
          .requestSchemaJson = apiKeyCreateBody(),
          .requestExampleJson =
              R"({"name":"ci","team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","scopes":["read","write"]})",
          .responses = {created(ref("ApiKey")), teamNotFound()}}},
        {"GET /api/v1/api-keys",
         {.tag = "API keys",
          .summary = "List API keys (a non-admin sees its own team's)",
          .query = {uuid("team_id", "Keys of this team"),
                    flag("include_revoked", false, "Include revoked keys")},
          .responses = {ok(
              R"({"type":"object","required":["keys"],"properties":{"keys":{"type":"array","items":{"$ref":"#/components/schemas/ApiKey"}}}})")}}},
        {"GET /api/v1/api-keys/{key_id}",
         {.tag = "API keys",
          .summary = "Get an API key",
          .responses = {ok(ref("ApiKey")), keyNotFound,
                        error(status::kForbidden, {code::kForbidden}, "Another team's key")}}},
        {"DELETE /api/v1/api-keys/{key_id}",
         {.tag = "API keys",
          .summary = "Revoke an API key",
          .responses = {ok(ref("ApiKey")), keyNotFound}}},
        {"GET /api/v1/audit/events",
         fixedPaged({.tag = "Audit",
                     .summary = "The audit log, newest first",
                     .query = {text("entity_type", "e.g. asset, contract, proposal"),
                               uuid("entity_id", "Events of this entity"),
                               text("action", "e.g. contract.published"),
                               uuid("actor_id", "Events by this team"),
                               datetime("from", "At or after"), datetime("to", "At or before")},
                     .responses = {ok(pageOf("AuditEvent"))}})},
        {"GET /api/v1/audit/events/{event_id}",
         {.tag = "Audit",
          .summary = "One audit event",
          .responses = {ok(ref("AuditEvent")), eventNotFound}}},
        {"GET /api/v1/audit/entities/{entity_type}/{entity_id}/history",
         fixedPaged({.tag = "Audit",
                     .summary = "The audit events of one entity",
                     .path = {text("entity_type", "e.g. asset, contract, proposal")},
                     .responses = {ok(pageOf("AuditEvent"))}})},
    };
}

}  // namespace

RouteDocs platformRouteDocs(const Config& config) {
    RouteDocs docs = healthAndDocuments();
    docs.merge(teams(config));
    docs.merge(users(config));
    docs.merge(apiKeysAndAudit());
    return docs;
}

}  // namespace tessera::server
