// /api/v1/teams end to end (spec 01 §10.1–10.6).
#include <pqxx/pqxx>

#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

std::string createTeam(const HttpClient& http, const std::string& name,
                       const std::string& extra = "") {
    auto response = http.post("/api/v1/teams", R"({"name":")" + name + "\"" + extra + "}");
    REQUIRE(response.status == 201);
    return str(response.json(), "id");
}

long long countAuditEvents(const TestServer& server, const std::string& entityId,
                           const std::string& action) {
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    return query
        .exec_params1("SELECT count(*) FROM audit.events WHERE entity_id = $1 AND action = $2",
                      entityId, action)[0]
        .as<long long>();
}

}  // namespace

TEST_CASE("create a team: 201 with the Team object, trimmed name", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string name = "analytics-" + uniqueSuffix();
    auto response =
        http.post("/api/v1/teams", R"({"name":"  )" + name + R"(  ","metadata":{"tier":"gold"}})");
    REQUIRE(response.status == 201);
    auto body = response.json();
    CHECK(keys(body) == "id,name,metadata,created_at");
    CHECK(str(body, "name") == name);
    CHECK(str(body["metadata"], "tier") == "gold");
    const std::string created = str(body, "created_at");
    CHECK(created.back() == 'Z');
    CHECK(countAuditEvents(sharedServer(), str(body, "id"), "team.created") == 1);
}

TEST_CASE("duplicate team name is 409 DUPLICATE_TEAM", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string name = "dup-" + uniqueSuffix();
    createTeam(http, name);
    auto again = http.post("/api/v1/teams", R"({"name":")" + name + "\"}");
    CHECK(again.status == 409);
    CHECK(errorCode(again.json()) == "DUPLICATE_TEAM");
    CHECK(errorMessage(again.json()) == "Team with name '" + name + "' already exists");
}

TEST_CASE("team name validation", "[http][teams][validation]") {
    const auto& http = sharedServer().client();
    auto missing = http.post("/api/v1/teams", "{}");
    CHECK(missing.status == 422);
    CHECK(str(missing.json()["detail"][0], "type") == "missing");

    auto absent = http.post("/api/v1/teams");
    CHECK(absent.status == 422);
    CHECK(absent.json()["detail"][0]["input"].IsNull());

    auto spaces = http.post("/api/v1/teams", R"({"name":"   "})");
    CHECK(spaces.status == 422);
    CHECK(str(spaces.json()["detail"][0], "msg") ==
          "Value error, Team name cannot be empty or whitespace only");

    auto pattern = http.post("/api/v1/teams", R"({"name":"-bad-"})");
    CHECK(str(pattern.json()["detail"][0], "type") == "value_error");

    auto number = http.post("/api/v1/teams", R"({"name":42})");
    CHECK(str(number.json()["detail"][0], "type") == "string_type");

    auto tooLong = http.post("/api/v1/teams", R"({"name":")" + std::string(256, 'a') + "\"}");
    CHECK(str(tooLong.json()["detail"][0], "type") == "string_too_long");

    auto nullMetadata = http.post("/api/v1/teams", R"({"name":"okname","metadata":null})");
    CHECK(nullMetadata.status == 422);
    CHECK(str(nullMetadata.json()["detail"][0], "type") == "dict_type");

    auto array = http.post("/api/v1/teams", "[1]");
    CHECK(str(array.json()["detail"][0], "type") == "model_attributes_type");
}

TEST_CASE("get, list and filter teams", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    const std::string id = createTeam(http, "list-b-" + suffix);
    createTeam(http, "list-a-" + suffix);

    auto got = http.get("/api/v1/teams/" + id);
    CHECK(got.status == 200);
    CHECK(str(got.json(), "name") == "list-b-" + suffix);

    auto list = http.get("/api/v1/teams?name=" + suffix + "&limit=1");
    REQUIRE(list.status == 200);
    auto body = list.json();
    CHECK(keys(body) == "results,total,limit,offset");
    CHECK(num(body["total"]) == 2);
    CHECK(num(body["limit"]) == 1);
    REQUIRE(body["results"].Size() == 1);
    CHECK(str(body["results"][0], "name") == "list-a-" + suffix);
    CHECK(keys(body["results"][0]) == "id,name,metadata,created_at,asset_count");
    CHECK(num(body["results"][0]["asset_count"]) == 0);

    auto second = http.get("/api/v1/teams?name=" + suffix + "&limit=1&offset=1").json();
    CHECK(str(second["results"][0], "name") == "list-b-" + suffix);
    CHECK(http.get("/api/v1/teams?name=" + suffix + "&offset=50").json()["results"].Size() == 0);
    // No upper bound (01 §7), whatever fits Postgres's bigint.
    auto far = http.get("/api/v1/teams?name=" + suffix + "&offset=3000000000");
    REQUIRE(far.status == 200);
    CHECK(far.json()["offset"].GetInt64() == 3000000000LL);
    CHECK(far.json()["results"].Size() == 0);
    CHECK(http.get("/api/v1/teams?offset=9223372036854775807").status == 200);
}

TEST_CASE("unknown team is 404 TEAM_NOT_FOUND", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string unknown = "/api/v1/teams/00000000-0000-0000-0000-000000000000";
    auto response = http.get(unknown);
    CHECK(response.status == 404);
    CHECK(errorCode(response.json()) == "TEAM_NOT_FOUND");
    CHECK(errorMessage(response.json()) == "Team not found");
    CHECK(http.patch(unknown, "{}").status == 404);
    CHECK(http.del(unknown).status == 404);
    CHECK(http.post(unknown + "/restore").status == 404);
}

TEST_CASE("PATCH and PUT are partial updates", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    const std::string id = createTeam(http, "upd-" + suffix, R"(,"metadata":{"a":1})");

    auto patched = http.patch("/api/v1/teams/" + id, R"({"name":"upd-new-)" + suffix + "\"}");
    REQUIRE(patched.status == 200);
    CHECK(str(patched.json(), "name") == "upd-new-" + suffix);
    CHECK(num(patched.json()["metadata"]["a"]) == 1);

    auto put = http.put("/api/v1/teams/" + id, R"({"metadata":{"b":2}})");
    REQUIRE(put.status == 200);
    CHECK(str(put.json(), "name") == "upd-new-" + suffix);
    CHECK_FALSE(put.json()["metadata"].HasMember("a"));

    // Updates do not trim or pattern-check.
    auto odd = http.patch("/api/v1/teams/" + id, R"({"name":" odd name! )" + suffix + "\"}");
    CHECK(odd.status == 200);

    auto empty = http.patch("/api/v1/teams/" + id, "");
    CHECK(empty.status == 422);
    auto tooShort = http.patch("/api/v1/teams/" + id, R"({"name":""})");
    CHECK(str(tooShort.json()["detail"][0], "type") == "string_too_short");
    CHECK(countAuditEvents(sharedServer(), id, "team.updated") == 3);
}

TEST_CASE("renaming onto a taken name is 409, not 500", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    createTeam(http, "taken-" + suffix);
    const std::string id = createTeam(http, "mover-" + suffix);
    auto response = http.patch("/api/v1/teams/" + id, R"({"name":"taken-)" + suffix + "\"}");
    CHECK(response.status == 409);
    CHECK(errorCode(response.json()) == "DUPLICATE_TEAM");
    CHECK(countAuditEvents(sharedServer(), id, "team.updated") == 0);  // rolled back
}

TEST_CASE("soft delete hides a team; restore brings it back", "[http][teams]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    const std::string id = createTeam(http, "gone-" + suffix);

    auto deleted = http.del("/api/v1/teams/" + id);
    CHECK(deleted.status == 204);
    CHECK(deleted.body.empty());
    CHECK(http.get("/api/v1/teams/" + id).status == 404);
    CHECK(num(http.get("/api/v1/teams?name=gone-" + suffix).json()["total"]) == 0);
    CHECK(http.del("/api/v1/teams/" + id).status == 404);

    // The name stays taken while deleted.
    CHECK(http.post("/api/v1/teams", R"({"name":"gone-)" + suffix + "\"}").status == 409);

    auto restored = http.post("/api/v1/teams/" + id + "/restore");
    CHECK(restored.status == 200);
    CHECK(str(restored.json(), "id") == id);
    CHECK(http.get("/api/v1/teams/" + id).status == 200);
    CHECK(countAuditEvents(sharedServer(), id, "team.deleted") == 1);
    CHECK(countAuditEvents(sharedServer(), id, "team.restored") == 1);
}

TEST_CASE("delete refuses a team that owns assets unless forced", "[http][teams]") {
    const auto& server = sharedServer();
    const auto& http = server.client();
    const std::string id = createTeam(http, "owner-" + uniqueSuffix());
    {
        pqxx::connection connection(server.databaseUrl());
        pqxx::work tx(connection);
        tx.exec_params("INSERT INTO core.assets (fqn, owner_team_id) VALUES ($1, $2)",
                       "db.schema.t_" + uniqueSuffix(), id);
        tx.commit();
    }
    auto refused = http.del("/api/v1/teams/" + id);
    CHECK(refused.status == 409);
    CHECK(errorCode(refused.json()) == "TEAM_HAS_ASSETS");
    CHECK(errorMessage(refused.json()) == "Team owns 1 asset(s). Reassign or use force=true.");
    CHECK(num(http.get("/api/v1/teams?name=" + str(http.get("/api/v1/teams/" + id).json(), "name"))
                  .json()["results"][0]["asset_count"]) == 1);
    CHECK(http.del("/api/v1/teams/" + id + "?force=maybe").status == 422);
    CHECK(http.del("/api/v1/teams/" + id + "?force=true").status == 204);
}

TEST_CASE("data survives a server restart", "[http][teams][lifecycle]") {
    ScratchDatabase database;
    std::string id;
    {
        TestServer first({}, database.url());
        id = createTeam(first.client(), "durable");
    }
    TestServer second({}, database.url());
    CHECK(second.client().get("/api/v1/teams/" + id).status == 200);
}
