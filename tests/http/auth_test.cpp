// Authentication and authorization (spec 01 §9, §10.1, §12 with 00-decisions) over HTTP.
#include <algorithm>
#include <map>
#include <pqxx/pqxx>

#include "server/handlers/route_table.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
using tessera::server::AuthRequirement;

namespace {

// Spec 01 §9.7, written out by hand: never derived from server/handlers/route_table.cpp, which is
// what these tests check. "auth": none, authn (any valid credential), read, write, admin, gate (the
// team-creation gate of §10.1). "bucket": the scope rate-limit bucket ("-" = global only).
// "admin": the exact status an admin key gets for the call made below (every path parameter
// the nil UUID, `{}` as the body of POST, PUT and PATCH), as the server answers today.
struct SpecRoute {
    const char* method;
    const char* path;
    const char* auth;
    const char* bucket;
    int admin;
};

const SpecRoute kSpecRoutes[] = {
    {"GET", "/health", "none", "-", 200},
    {"GET", "/health/ready", "none", "-", 200},
    {"GET", "/health/live", "none", "-", 200},
    // Not in §9.7: Prometheus metrics, public like /health (README).
    {"GET", "/metrics", "none", "-", 200},
    // Not in §9.7: the API described (issue 18), public. /docs needs swagger-ui-dist installed
    // (scripts/lib.sh); the nil UUID is no file of it.
    {"GET", "/openapi.json", "none", "-", 200},
    {"GET", "/docs", "none", "-", 200},
    {"GET", "/docs/{asset}", "none", "-", 404},
    {"POST", "/api/v1/schemas/validate", "none", "-", 200},

    {"POST", "/api/v1/users", "admin", "write", 422},
    {"GET", "/api/v1/users", "read", "read", 200},
    {"GET", "/api/v1/users/{user_id}", "read", "read", 404},
    {"PATCH", "/api/v1/users/{user_id}", "admin", "write", 404},
    {"PUT", "/api/v1/users/{user_id}", "admin", "write", 404},
    {"DELETE", "/api/v1/users/{user_id}", "admin", "write", 404},
    {"POST", "/api/v1/users/{user_id}/reactivate", "admin", "write", 404},

    {"POST", "/api/v1/teams", "gate", "write", 422},
    {"GET", "/api/v1/teams", "read", "read", 200},
    {"GET", "/api/v1/teams/{team_id}", "read", "read", 404},
    {"PATCH", "/api/v1/teams/{team_id}", "admin", "write", 404},
    {"PUT", "/api/v1/teams/{team_id}", "admin", "write", 404},
    {"DELETE", "/api/v1/teams/{team_id}", "admin", "write", 404},
    {"POST", "/api/v1/teams/{team_id}/restore", "admin", "write", 404},
    {"GET", "/api/v1/teams/{team_id}/members", "read", "read", 404},
    {"POST", "/api/v1/teams/{team_id}/reassign-assets", "admin", "write", 422},

    {"POST", "/api/v1/assets", "write", "write", 422},
    {"GET", "/api/v1/assets", "read", "read", 200},
    {"GET", "/api/v1/assets/search", "read", "read", 422},
    {"GET", "/api/v1/assets/{asset_id}", "read", "read", 404},
    {"PATCH", "/api/v1/assets/{asset_id}", "write", "write", 404},
    {"DELETE", "/api/v1/assets/{asset_id}", "write", "write", 404},
    {"POST", "/api/v1/assets/{asset_id}/restore", "admin", "write", 404},
    {"POST", "/api/v1/assets/bulk-assign", "admin", "write", 422},
    {"POST", "/api/v1/assets/{asset_id}/contracts", "write", "write", 422},
    {"GET", "/api/v1/assets/{asset_id}/contracts", "read", "read", 200},
    {"GET", "/api/v1/assets/{asset_id}/contracts/history", "read", "read", 404},
    {"GET", "/api/v1/assets/{asset_id}/contracts/diff", "read", "read", 422},
    {"POST", "/api/v1/assets/{asset_id}/audit-results", "authn", "-", 422},
    {"GET", "/api/v1/assets/{asset_id}/audit-history", "authn", "-", 404},
    {"GET", "/api/v1/assets/{asset_id}/audit-trends", "authn", "-", 404},
    {"POST", "/api/v1/assets/{asset_id}/dependencies", "write", "write", 422},
    {"GET", "/api/v1/assets/{asset_id}/dependencies", "read", "read", 404},
    {"DELETE", "/api/v1/assets/{asset_id}/dependencies/{dependency_id}", "write", "write", 404},
    {"GET", "/api/v1/assets/{asset_id}/lineage", "read", "read", 404},
    {"POST", "/api/v1/assets/{asset_id}/impact", "read", "read", 404},
    // Not in §9.7: the polling blast radius (issue 5, README), read scope like impact.
    {"GET", "/api/v1/assets/{asset_id}/blast-radius", "read", "read", 404},

    {"GET", "/api/v1/contracts", "read", "read", 200},
    {"POST", "/api/v1/contracts/compare", "read", "read", 422},
    {"GET", "/api/v1/contracts/{contract_id}", "read", "read", 404},
    {"GET", "/api/v1/contracts/{contract_id}/registrations", "read", "read", 404},

    {"POST", "/api/v1/registrations", "write", "write", 422},
    {"GET", "/api/v1/registrations", "read", "read", 200},
    {"GET", "/api/v1/registrations/{registration_id}", "read", "read", 404},
    {"PATCH", "/api/v1/registrations/{registration_id}", "write", "write", 404},
    {"DELETE", "/api/v1/registrations/{registration_id}", "write", "write", 404},

    {"GET", "/api/v1/proposals", "read", "read", 200},
    {"GET", "/api/v1/proposals/{proposal_id}", "read", "read", 404},
    {"GET", "/api/v1/proposals/{proposal_id}/status", "read", "read", 404},
    {"POST", "/api/v1/proposals/{proposal_id}/acknowledge", "write", "write", 422},
    {"POST", "/api/v1/proposals/{proposal_id}/withdraw", "write", "write", 404},
    {"POST", "/api/v1/proposals/{proposal_id}/force", "write", "write", 422},
    {"POST", "/api/v1/proposals/{proposal_id}/publish", "write", "write", 422},

    {"POST", "/api/v1/api-keys", "admin", "admin", 422},
    {"GET", "/api/v1/api-keys", "authn", "admin", 200},
    {"GET", "/api/v1/api-keys/{key_id}", "authn", "admin", 404},
    {"DELETE", "/api/v1/api-keys/{key_id}", "admin", "admin", 404},

    {"GET", "/api/v1/webhooks/deliveries", "admin", "admin", 200},
    {"GET", "/api/v1/webhooks/deliveries/{delivery_id}", "admin", "admin", 404},

    {"GET", "/api/v1/audit/events", "admin", "admin", 200},
    {"GET", "/api/v1/audit/events/{event_id}", "admin", "admin", 404},
    {"GET", "/api/v1/audit/entities/{entity_type}/{entity_id}/history", "admin", "admin", 200},

    {"POST", "/api/v1/sync/dbt", "admin", "admin", 422},
    {"POST", "/api/v1/sync/dbt/upload", "admin", "admin", 422},
    {"POST", "/api/v1/sync/dbt/impact", "admin", "admin", 422},
    {"POST", "/api/v1/sync/dbt/diff", "admin", "admin", 422},
    // GIT_SYNC_PATH is not configured here: 400.
    {"POST", "/api/v1/sync/push", "admin", "admin", 400},
    {"POST", "/api/v1/sync/pull", "admin", "admin", 400},
    // Not in §9.7: OpenLineage events at Marquez's path (issue 20); `{}` lacks eventTime.
    {"POST", "/api/v1/lineage", "write", "write", 422},
    // Marquez's lineage graph read back (issue 20); no nodeId: 400.
    {"GET", "/api/v1/lineage", "read", "read", 400},
};

std::string authName(tessera::server::AuthRequirement auth) {
    switch (auth) {
        case AuthRequirement::None:
            return "none";
        case AuthRequirement::Authenticated:
            return "authn";
        case AuthRequirement::Read:
            return "read";
        case AuthRequirement::Write:
            return "write";
        case AuthRequirement::Admin:
            return "admin";
        case AuthRequirement::TeamCreationGate:
            return "gate";
    }
    return "?";
}

std::string bucketName(tessera::server::RateBucket bucket) {
    using tessera::server::RateBucket;
    switch (bucket) {
        case RateBucket::None:
            return "-";
        case RateBucket::Read:
            return "read";
        case RateBucket::Write:
            return "write";
        case RateBucket::Admin:
            return "admin";
    }
    return "?";
}

// "METHOD path auth bucket", one line per route, sorted: the two tables compare as text.
std::string describe(const std::string& method, const std::string& path, const std::string& auth,
                     const std::string& bucket) {
    return method + " " + path + " " + auth + " " + bucket;
}

// A concrete path for a route template: every parameter becomes the nil UUID.
std::string concretePath(const std::string& pathTemplate) {
    std::string path;
    size_t i = 0;
    while (i < pathTemplate.size()) {
        if (pathTemplate[i] == '{') {
            const size_t close = pathTemplate.find('}', i);
            const std::string name = pathTemplate.substr(i + 1, close - i - 1);
            path += name == "entity_type" ? "team" : "00000000-0000-0000-0000-000000000000";
            i = close + 1;
        } else {
            path += pathTemplate[i++];
        }
    }
    return path;
}

HttpResult call(const HttpClient& http, const SpecRoute& route, const Headers& headers) {
    const std::string method = route.method;
    const bool withBody = method == "POST" || method == "PUT" || method == "PATCH";
    Headers all = headers;
    if (withBody) all["Content-Type"] = "application/json";
    return http.request(method, concretePath(route.path), withBody ? "{}" : "", all);
}

// "<status> <error code>" of a response, e.g. "403 INSUFFICIENT_SCOPE".
std::string statusAndCode(const HttpResult& response) {
    return std::to_string(response.status) + " " + errorCode(response.json());
}

}  // namespace

TEST_CASE("the bootstrap flow: first team, admin key, then the key for everything",
          "[http][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();

    auto noTeams = http.get("/api/v1/teams", bearer(kBootstrapKey));
    CHECK(noTeams.status == 503);
    CHECK(errorCode(noTeams.json()) == "NO_TEAMS");
    CHECK(errorMessage(noTeams.json()) ==
          "No teams exist. Create a team first using the bootstrap key.");

    const std::string teamId = secured.createTeam("platform");
    auto created = http.post(
        "/api/v1/api-keys",
        R"({"name":"admin","team_id":")" + teamId + R"(","scopes":["read","write","admin"]})",
        bearer(kBootstrapKey));
    REQUIRE(created.status == 201);
    auto key = created.json();
    CHECK(keys(key) == "id,key,key_prefix,name,team_id,scopes,created_at,expires_at");
    const std::string raw = str(key, "key");
    CHECK(raw.size() == 74);
    CHECK(str(key, "key_prefix") == raw.substr(0, 14));

    CHECK(http.get("/api/v1/teams", bearer(raw)).status == 200);
    CHECK(http.get("/api/v1/teams", {{"X-API-Key", raw}}).status == 200);
    CHECK(http.post("/api/v1/teams", R"({"name":"second"})", bearer(raw)).status == 201);

    // The raw key is never stored: only its SHA-256.
    pqxx::connection connection(secured.server().databaseUrl());
    pqxx::nontransaction query(connection);
    auto row = query.exec_params1(
        "SELECT key_hash, last_used_at IS NOT NULL FROM core.api_keys"
        " WHERE id = $1",
        str(key, "id"));
    CHECK(row[0].as<std::string>().size() == 64);
    CHECK(row[0].as<std::string>().find(raw) == std::string::npos);
    CHECK(row[1].as<bool>());
}

TEST_CASE("authentication failures", "[http][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    secured.createTeam("t1");

    auto missing = http.get("/api/v1/teams");
    CHECK(missing.status == 401);
    CHECK(errorCode(missing.json()) == "MISSING_API_KEY");
    CHECK(errorMessage(missing.json()) ==
          "Missing Authorization header. Use 'Authorization: Bearer <api_key>'");
    CHECK(missing.header("www-authenticate") == "Bearer");

    auto malformed = http.get("/api/v1/teams", {{"Authorization", "Basic abc"}});
    CHECK(malformed.status == 401);
    CHECK(errorCode(malformed.json()) == "INVALID_AUTH_HEADER");
    CHECK(http.get("/api/v1/teams", {{"Authorization", "bearer x"}}).status == 401);

    auto unknown = http.get("/api/v1/teams", bearer("tess_live_" + std::string(64, '0')));
    CHECK(unknown.status == 401);
    CHECK(errorCode(unknown.json()) == "INVALID_API_KEY");
    CHECK(errorMessage(unknown.json()) == "Invalid or expired API key");
    CHECK(unknown.header("www-authenticate") == "Bearer");

    // An unauthenticated request with an invalid path gets 401, not 422.
    CHECK(http.get("/api/v1/teams/not-a-uuid").status == 401);
    // Malformed JSON is 422 before authentication.
    CHECK(http.post("/api/v1/users", "{bad").status == 422);
}

TEST_CASE("the team-creation gate", "[http][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    auto none = http.post("/api/v1/teams", R"({"name":"x"})");
    CHECK(none.status == 401);
    CHECK(errorCode(none.json()) == "UNAUTHORIZED");
    CHECK(errorMessage(none.json()) == "Authorization required");
    CHECK(none.header("www-authenticate").empty());

    auto basic = http.post("/api/v1/teams", R"({"name":"x"})", {{"Authorization", "Basic x"}});
    CHECK(errorMessage(basic.json()) == "Use 'Bearer <key>' format");

    auto invalid = http.post("/api/v1/teams", R"({"name":"x"})", bearer("nope"));
    CHECK(invalid.status == 401);
    CHECK(errorCode(invalid.json()) == "INVALID_API_KEY");

    const std::string teamId = secured.createTeam("gatekeepers");
    const std::string writer = secured.createKey(teamId, R"(["read","write"])");
    auto notAdmin = http.post("/api/v1/teams", R"({"name":"y"})", bearer(writer));
    CHECK(notAdmin.status == 403);
    CHECK(errorCode(notAdmin.json()) == "INSUFFICIENT_SCOPE");
    CHECK(errorMessage(notAdmin.json()) == "Admin scope required");
    CHECK_FALSE(notAdmin.json()["error"].HasMember("details"));
}

TEST_CASE("scopes: admin satisfies all, write does not imply read", "[http][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string teamId = secured.createTeam("scoped");
    const std::string writeOnly = secured.createKey(teamId, R"(["write"])");
    auto denied = http.get("/api/v1/teams", bearer(writeOnly));
    CHECK(denied.status == 403);
    CHECK(errorCode(denied.json()) == "INSUFFICIENT_SCOPE");
    CHECK(errorMessage(denied.json()) == "This operation requires the 'read' scope");
    CHECK(str(denied.json()["error"]["details"], "required_scope") == "read");

    const std::string noScopes = secured.createKey(teamId, "[]");
    CHECK(http.get("/api/v1/api-keys", bearer(noScopes)).status == 200);  // authn only
    CHECK(http.get("/api/v1/teams", bearer(noScopes)).status == 403);
}

TEST_CASE("the route table serves exactly the routes of spec 01 §9.7, with their scopes",
          "[auth][matrix]") {
    std::vector<std::string> pinned, served;
    for (const SpecRoute& route : kSpecRoutes) {
        pinned.push_back(describe(route.method, route.path, route.auth, route.bucket));
    }
    for (const auto& route : tessera::server::buildRouteTable()) {
        served.push_back(describe(route.method, route.pathTemplate, authName(route.auth),
                                  bucketName(route.bucket)));
    }
    std::sort(pinned.begin(), pinned.end());
    std::sort(served.begin(), served.end());
    CHECK(served == pinned);
}

TEST_CASE("auth matrix: every route's scope as spec 01 §9.7 gives it", "[http][auth][matrix]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string teamId = secured.createTeam("matrix");
    const std::string admin = secured.createKey(teamId, R"(["admin"])");
    const std::string readOnly = secured.createKey(teamId, R"(["read"])");
    const std::string writeOnly = secured.createKey(teamId, R"(["write"])");
    const std::string readWrite = secured.createKey(teamId, R"(["read","write"])");
    const std::string noScopes = secured.createKey(teamId, "[]");
    const std::string expired =
        secured.createKey(teamId, R"(["admin"])", R"(,"expires_at":"2001-01-01T00:00:00Z")");
    const std::string revoked = secured.createKey(teamId, R"(["admin"])");
    {
        auto listed = http.get("/api/v1/api-keys", bearer(admin)).json();
        for (const auto& key : listed["keys"].GetArray()) {
            if (str(key, "key_prefix") == revoked.substr(0, 14)) {
                REQUIRE(http.del("/api/v1/api-keys/" + str(key, "id"), bearer(admin)).status ==
                        200);
            }
        }
    }

    for (const SpecRoute& route : kSpecRoutes) {
        const std::string auth = route.auth;
        INFO(route.method << " " << route.path << " (" << auth << ")");
        if (auth == "none") {
            CHECK(call(http, route, {}).status == route.admin);
            continue;
        }
        CHECK(statusAndCode(call(http, route, {})) ==
              (auth == "gate" ? "401 UNAUTHORIZED" : "401 MISSING_API_KEY"));
        CHECK(statusAndCode(call(http, route, bearer(expired))) == "401 INVALID_API_KEY");
        CHECK(statusAndCode(call(http, route, bearer(revoked))) == "401 INVALID_API_KEY");

        // The scope named in the table is enough; the others (write does not imply read) are
        // 403 naming it.
        const std::map<std::string, std::pair<const std::string*, const std::string*>>
            enoughAndLacking = {{"authn", {&noScopes, nullptr}},
                                {"read", {&readOnly, &writeOnly}},
                                {"write", {&writeOnly, &readOnly}},
                                {"admin", {&admin, &readWrite}},
                                {"gate", {&admin, &readWrite}}};
        const auto [enough, lacking] = enoughAndLacking.at(auth);
        const HttpResult allowed = call(http, route, bearer(*enough));
        CHECK(allowed.status != 401);
        CHECK(errorCode(allowed.json()) != "INSUFFICIENT_SCOPE");
        if (lacking) {
            const HttpResult denied = call(http, route, bearer(*lacking));
            CHECK(statusAndCode(denied) == "403 INSUFFICIENT_SCOPE");
            if (auth == "gate") {
                CHECK(errorMessage(denied.json()) == "Admin scope required");
            } else {
                CHECK(str(denied.json()["error"]["details"], "required_scope") == auth);
            }
        }

        CHECK(call(http, route, bearer(admin)).status == route.admin);
    }
}

TEST_CASE("API key endpoints and rules R14/R15", "[http][auth][api-keys]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string mine = secured.createTeam("mine");
    const std::string theirs = secured.createTeam("theirs");
    const std::string myKey = secured.createKey(mine, R"(["read","write"])");
    const std::string theirKey = secured.createKey(theirs, R"(["read"])");

    // R14: a non-admin caller only sees its own team's keys, whatever team_id it asks for.
    auto listed = http.get("/api/v1/api-keys?team_id=" + theirs, bearer(myKey)).json();
    REQUIRE(listed["keys"].Size() == 1);
    CHECK(str(listed["keys"][0], "team_id") == mine);
    CHECK(keys(listed["keys"][0]) ==
          "id,key_prefix,name,team_id,scopes,created_at,expires_at,last_used_at,revoked_at");

    auto all = http.get("/api/v1/api-keys", bearer(kBootstrapKey)).json();
    CHECK(all["keys"].Size() == 2);
    std::string theirKeyId;
    for (const auto& key : all["keys"].GetArray()) {
        if (str(key, "team_id") == theirs) theirKeyId = str(key, "id");
    }

    // R15
    auto forbidden = http.get("/api/v1/api-keys/" + theirKeyId, bearer(myKey));
    CHECK(forbidden.status == 403);
    CHECK(errorCode(forbidden.json()) == "FORBIDDEN");
    CHECK(errorMessage(forbidden.json()) == "Cannot view keys for other teams");
    CHECK(http.get("/api/v1/api-keys/" + theirKeyId, bearer(theirKey)).status == 200);

    const std::string unknown = "00000000-0000-0000-0000-000000000001";
    auto missing = http.get("/api/v1/api-keys/" + unknown, bearer(kBootstrapKey));
    CHECK(missing.status == 404);
    CHECK(errorCode(missing.json()) == "API_KEY_NOT_FOUND");
    CHECK(errorMessage(missing.json()) == "API key " + unknown + " not found");

    {
        const RowCounts rows(secured.server());
        auto badTeam =
            http.post("/api/v1/api-keys", R"({"name":"k","team_id":")" + unknown + R"("})",
                      bearer(kBootstrapKey));
        CHECK(rejection(badTeam) == "404 TEAM_NOT_FOUND");
        CHECK(errorMessage(badTeam.json()) == "Team " + unknown + " not found");
        CHECK(rejection(http.post("/api/v1/api-keys",
                                  R"({"name":"k","team_id":")" + mine + R"(","scopes":["root"]})",
                                  bearer(kBootstrapKey))) == "422 enum");
        CHECK(rejection(http.post("/api/v1/api-keys", R"({"team_id":")" + mine + R"("})",
                                  bearer(kBootstrapKey))) == "422 missing");
        CHECK(rejection(http.post("/api/v1/api-keys", R"({"name":"k","team_id":"nope"})",
                                  bearer(kBootstrapKey))) == "422 uuid_parsing");
        CHECK(rejection(http.del("/api/v1/api-keys/" + unknown, bearer(kBootstrapKey))) ==
              "404 API_KEY_NOT_FOUND");
        CHECK(rows.changes() == "");
    }

    // Revoke is idempotent and keeps the first revoked_at; the key stops working.
    auto first = http.del("/api/v1/api-keys/" + theirKeyId, bearer(kBootstrapKey));
    REQUIRE(first.status == 200);
    auto second = http.del("/api/v1/api-keys/" + theirKeyId, bearer(kBootstrapKey));
    CHECK(str(second.json(), "revoked_at") == str(first.json(), "revoked_at"));
    CHECK(http.get("/api/v1/teams", bearer(theirKey)).status == 401);
    auto withRevoked =
        http.get("/api/v1/api-keys?include_revoked=true", bearer(kBootstrapKey)).json();
    CHECK(withRevoked["keys"].Size() == 2);
    CHECK(http.get("/api/v1/api-keys", bearer(kBootstrapKey)).json()["keys"].Size() == 1);

    // Default scopes are read and write.
    auto defaults = http.post("/api/v1/api-keys", R"({"name":"d","team_id":")" + mine + R"("})",
                              bearer(kBootstrapKey));
    CHECK(defaults.json()["scopes"].Size() == 2);
}

TEST_CASE("keys of a soft-deleted team keep working", "[http][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string first = secured.createTeam("first-team");
    const std::string doomed = secured.createTeam("doomed");
    const std::string key = secured.createKey(doomed, R"(["read"])");
    (void)first;
    REQUIRE(http.del("/api/v1/teams/" + doomed, bearer(kBootstrapKey)).status == 204);
    CHECK(http.get("/api/v1/teams", bearer(key)).status == 200);
}
