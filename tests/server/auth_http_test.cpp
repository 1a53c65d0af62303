// Authentication and authorization (spec 01 §9, §10.1, §12 with 00-decisions) over HTTP.
#include <pqxx/pqxx>

#include "server/route_table.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
using tessera::server::AuthRequirement;

namespace {

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

HttpResult call(const HttpClient& http, const tessera::server::Route& route,
                const Headers& headers) {
    const std::string body = route.body == tessera::server::BodyKind::Json ? "{}" : "";
    Headers all = headers;
    if (!body.empty()) all["Content-Type"] = "application/json";
    return http.request(route.method, concretePath(route.pathTemplate), body, all);
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

TEST_CASE("auth matrix over every route in the table", "[http][auth][matrix]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string teamId = secured.createTeam("matrix");
    const std::string admin = secured.createKey(teamId, R"(["admin"])");
    const std::string readOnly = secured.createKey(teamId, R"(["read"])");
    const std::string writeOnly = secured.createKey(teamId, R"(["write"])");
    const std::string readWrite = secured.createKey(teamId, R"(["read","write"])");
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

    int checked = 0;
    for (const auto& route : tessera::server::buildRouteTable()) {
        if (route.auth == AuthRequirement::None) continue;
        INFO(route.method << " " << route.pathTemplate);
        ++checked;
        CHECK(call(http, route, {}).status == 401);
        CHECK(call(http, route, bearer(expired)).status == 401);
        CHECK(call(http, route, bearer(revoked)).status == 401);

        const std::string* lacking = nullptr;
        switch (route.auth) {
            case AuthRequirement::Read:
                lacking = &writeOnly;
                break;
            case AuthRequirement::Write:
                lacking = &readOnly;
                break;
            case AuthRequirement::Admin:
            case AuthRequirement::TeamCreationGate:
                lacking = &readWrite;
                break;
            default:
                break;
        }
        if (lacking) CHECK(call(http, route, bearer(*lacking)).status == 403);

        const int allowed = call(http, route, bearer(admin)).status;
        CHECK(allowed != 401);
        CHECK(allowed != 403);
    }
    CHECK(checked > 10);
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

    auto badTeam = http.post("/api/v1/api-keys", R"({"name":"k","team_id":")" + unknown + R"("})",
                             bearer(kBootstrapKey));
    CHECK(badTeam.status == 404);
    CHECK(errorCode(badTeam.json()) == "TEAM_NOT_FOUND");
    CHECK(errorMessage(badTeam.json()) == "Team " + unknown + " not found");

    auto badScope = http.post("/api/v1/api-keys",
                              R"({"name":"k","team_id":")" + mine + R"(","scopes":["root"]})",
                              bearer(kBootstrapKey));
    CHECK(badScope.status == 422);
    CHECK(str(badScope.json()["detail"][0], "type") == "enum");

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
