// /api/v1/assets end to end (spec 02 §4), as admin (AUTH_DISABLED): the ownership rules R1–R3
// are exercised with real API keys in the auth tests.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

const std::string kUnknownId = "00000000-0000-0000-0000-000000000000";
const char* kAssetBaseKeys =
    "id,fqn,owner_team_id,owner_user_id,environment,guarantee_mode,metadata,created_at";

std::string detailType(const HttpResult& response, size_t index = 0) {
    auto body = response.json();
    if (!body.IsObject() || !body.HasMember("detail") || body["detail"].Size() <= index) {
        return "<no detail>";
    }
    return str(body["detail"][static_cast<rapidjson::SizeType>(index)], "type");
}

std::string detailMsg(const HttpResult& response) {
    return str(response.json()["detail"][0], "msg");
}

}  // namespace

TEST_CASE("create an asset: 201 AssetBase with defaults", "[http][assets]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string fqn = uniqueFqn();
    // guarantee_mode is stored (the original dropped it, spec 02 §11 A1; issue 21).
    auto response = postAsset(http, team, fqn, R"(,"guarantee_mode":"strict")");
    REQUIRE(response.status == 201);
    auto body = response.json();
    CHECK(keys(body) == kAssetBaseKeys);
    CHECK(str(body, "fqn") == fqn);
    CHECK(str(body, "owner_team_id") == team);
    CHECK(body["owner_user_id"].IsNull());
    CHECK(str(body, "environment") == "production");
    CHECK(str(body, "guarantee_mode") == "strict");
    CHECK(body["metadata"].IsObject());
    CHECK(body["metadata"].MemberCount() == 0);
    CHECK(str(body, "created_at").back() == 'Z');
    // Every write leaves one audit event (issue 3), asset CRUD included.
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM audit.events WHERE entity_id = $1"
                    " AND action = 'asset.created'",
                    str(body, "id")) == 1);

    auto withMetadata = postAsset(http, team, uniqueFqn(),
                                  R"(,"environment":"dev","metadata":{"tier":"gold","n":[1,2]})");
    REQUIRE(withMetadata.status == 201);
    CHECK(str(withMetadata.json(), "environment") == "dev");
    CHECK(str(withMetadata.json()["metadata"], "tier") == "gold");
}

TEST_CASE("create asset validation: 422 in the framework shape", "[http][assets][validation]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const RowCounts rows(sharedServer());

    auto missing = http.post("/api/v1/assets", R"({"owner_team_id":")" + team + "\"}");
    CHECK(missing.status == 422);
    CHECK(detailType(missing) == "missing");
    CHECK(text(missing.json()["detail"][0]["loc"][1]) == "fqn");

    auto shortFqn = postAsset(http, team, "a.");
    CHECK(shortFqn.status == 422);
    CHECK(detailType(shortFqn) == "string_too_short");

    // Length errors come before the pattern.
    auto longFqn = postAsset(http, team, "a." + std::string(999, 'b'));
    CHECK(detailType(longFqn) == "string_too_long");

    for (const std::string fqn : {"orders", "db..orders", "1db.orders", "db.my-table"}) {
        auto bad = postAsset(http, team, fqn);
        CHECK(bad.status == 422);
        CHECK(detailType(bad) == "value_error");
        CHECK(detailMsg(bad).find("dot-separated") != std::string::npos);
    }

    CHECK(detailType(postAsset(http, team, uniqueFqn(), R"(,"guarantee_mode":"loud")")) == "enum");
    CHECK(detailType(postAsset(http, team, uniqueFqn(), R"(,"metadata":null)")) == "dict_type");
    CHECK(detailType(postAsset(http, team, uniqueFqn(), R"(,"metadata":[1])")) == "dict_type");
    CHECK(detailType(postAsset(http, team, uniqueFqn(), R"(,"environment":"")")) ==
          "string_too_short");
    CHECK(detailType(postAsset(http, team, uniqueFqn(),
                               R"(,"environment":")" + std::string(51, 'e') + "\"")) ==
          "string_too_long");
    CHECK(detailType(postAsset(http, "not-a-uuid", uniqueFqn())) == "uuid_parsing");
    CHECK(detailType(postAsset(http, team, uniqueFqn(), R"(,"owner_user_id":5)")) == "uuid_type");
    CHECK(rejection(http.post("/api/v1/assets")) == "422 missing");
    CHECK(rejection(http.post("/api/v1/assets", "[]")) == "422 model_attributes_type");
    CHECK(rows.changes() == "");
}

TEST_CASE("create asset errors in spec order", "[http][assets]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string otherTeam = createTestTeam(http);

    SECTION("owner team missing: 404 TEAM_NOT_FOUND") {
        const RowCounts rows(server);
        auto response = postAsset(http, kUnknownId, uniqueFqn());
        CHECK(rejection(response) == "404 TEAM_NOT_FOUND");
        CHECK(errorMessage(response.json()) == "Owner team not found");
        CHECK(rows.changes() == "");
    }
    SECTION("a soft-deleted owner team still counts as existing") {
        const std::string deleted = createTestTeam(http);
        REQUIRE(http.del("/api/v1/teams/" + deleted).status == 204);
        CHECK(postAsset(http, deleted, uniqueFqn()).status == 201);
    }
    SECTION("owner user unknown or deactivated: 404 NOT_FOUND") {
        const std::string gone = insertUser(server, team, "gone", true);
        const RowCounts rows(server);
        auto unknown =
            postAsset(http, team, uniqueFqn(), R"(,"owner_user_id":")" + kUnknownId + "\"");
        CHECK(rejection(unknown) == "404 NOT_FOUND");
        CHECK(errorMessage(unknown.json()) == "Owner user not found");
        CHECK(rejection(postAsset(http, team, uniqueFqn(),
                                  R"(,"owner_user_id":")" + gone + "\"")) == "404 NOT_FOUND");
        CHECK(rows.changes() == "");
    }
    SECTION("owner user of another team: 400 BAD_REQUEST") {
        const std::string stranger = insertUser(server, otherTeam, "stranger");
        const RowCounts rows(server);
        auto response =
            postAsset(http, team, uniqueFqn(), R"(,"owner_user_id":")" + stranger + "\"");
        CHECK(rejection(response) == "400 BAD_REQUEST");
        CHECK(rows.changes() == "");
        CHECK(errorMessage(response.json()) == "Owner user must belong to the owner team");
    }
    SECTION("an owner user of the team is stored") {
        const std::string member = insertUser(server, team, "member");
        auto response = postAsset(http, team, uniqueFqn(), R"(,"owner_user_id":")" + member + "\"");
        REQUIRE(response.status == 201);
        CHECK(str(response.json(), "owner_user_id") == member);
    }
    SECTION("duplicate (fqn, environment): 409 DUPLICATE_ASSET, two messages") {
        const std::string fqn = uniqueFqn();
        REQUIRE(postAsset(http, team, fqn).status == 201);
        const RowCounts rows(server);
        auto live = postAsset(http, otherTeam, fqn);
        CHECK(rejection(live) == "409 DUPLICATE_ASSET");
        CHECK(rows.changes() == "");
        CHECK(errorMessage(live.json()) ==
              "Asset '" + fqn + "' already exists in environment 'production'");

        // Same fqn in another environment is a different asset (spec 02 §4.9).
        auto dev = postAsset(http, team, fqn, R"(,"environment":"dev")");
        REQUIRE(dev.status == 201);
        REQUIRE(http.del("/api/v1/assets/" + str(dev.json(), "id")).status == 204);
        auto deleted = postAsset(http, team, fqn, R"(,"environment":"dev")");
        CHECK(deleted.status == 409);
        CHECK(errorCode(deleted.json()) == "DUPLICATE_ASSET");
        CHECK(errorMessage(deleted.json()) == "Asset with FQN '" + fqn + "' already exists");
    }
}

TEST_CASE("get an asset with owner names; soft-deleted is 404", "[http][assets]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string teamName = "owners-" + uniqueSuffix();
    const std::string team = createTeamNamed(http, teamName);
    const std::string user = insertUser(server, team, "Ada");
    const std::string asset = createTestAsset(http, team, R"(,"owner_user_id":")" + user + "\"");

    auto got = http.get("/api/v1/assets/" + asset);
    REQUIRE(got.status == 200);
    auto body = got.json();
    CHECK(keys(body) ==
          std::string(kAssetBaseKeys) + ",owner_team_name,owner_user_name,owner_user_email");
    CHECK(str(body, "owner_team_name") == teamName);
    CHECK(str(body, "owner_user_name") == "Ada");
    CHECK(str(body, "owner_user_email").find("@example.com") != std::string::npos);

    auto unknown = http.get("/api/v1/assets/" + kUnknownId);
    CHECK(unknown.status == 404);
    CHECK(errorCode(unknown.json()) == "ASSET_NOT_FOUND");
    CHECK(errorMessage(unknown.json()) == "Asset not found");
    CHECK(detailType(http.get("/api/v1/assets/nope")) == "uuid_parsing");

    REQUIRE(http.del("/api/v1/assets/" + asset).status == 204);
    CHECK(http.get("/api/v1/assets/" + asset).status == 404);
}

TEST_CASE("list assets: filters, sorting, active contract version", "[http][assets]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string suffix = uniqueSuffix();
    const std::string teamA = createTeamNamed(http, "a-list-" + suffix);
    const std::string teamB = createTeamNamed(http, "b-list-" + suffix);
    const std::string user = insertUser(server, teamA, "Zed");
    const std::string base = "lst_" + suffix;
    auto make = [&](const std::string& team, const std::string& name, const std::string& extra) {
        auto response = postAsset(http, team, base + "." + name, extra);
        REQUIRE(response.status == 201);
        return str(response.json(), "id");
    };
    const std::string orders = make(teamA, "orders", R"(,"owner_user_id":")" + user + "\"");
    const std::string users = make(teamB, "users", "");
    const std::string devOrders = make(teamA, "orders", R"(,"environment":"dev")");
    const std::string gone = make(teamB, "gone", "");
    REQUIRE(http.del("/api/v1/assets/" + gone).status == 204);
    publishContract(http, orders, teamA, objectSchema(R"("id":{"type":"integer"})"));

    auto list = http.get("/api/v1/assets?fqn=" + base);
    REQUIRE(list.status == 200);
    auto body = list.json();
    CHECK(keys(body) == "results,total,limit,offset");
    CHECK(num(body["total"]) == 3);  // soft-deleted excluded
    CHECK(num(body["limit"]) == 50);
    const auto& first = body["results"][0];
    CHECK(keys(first) == std::string(kAssetBaseKeys) +
                             ",owner_team_name,owner_user_name,owner_user_email,"
                             "active_contract_version");
    // fqn ascending, ties in any order: orders (two environments), then users.
    CHECK(str(body["results"][2], "id") == users);
    for (const auto& item : body["results"].GetArray()) {
        if (str(item, "id") == orders) {
            CHECK(str(item, "active_contract_version") == "1.0.0");
            CHECK(str(item, "owner_user_name") == "Zed");
        } else {
            CHECK(item["active_contract_version"].IsNull());
        }
    }

    auto count = [&](const std::string& query) {
        auto response = http.get("/api/v1/assets?fqn=" + base + query);
        REQUIRE(response.status == 200);
        return num(response.json()["total"]);
    };
    CHECK(count("&owner=" + teamA) == 2);
    CHECK(count("&owner_user=" + user) == 1);
    CHECK(count("&unowned=true") == 2);
    CHECK(count("&unowned=false") == 3);
    CHECK(count("&environment=dev") == 1);
    CHECK(count("&environment=DEV") == 0);  // exact, case-sensitive
    CHECK(count("&owner=" + teamA + "&environment=production") == 1);
    // Case-insensitive substring; `_` matches literally (00-decisions).
    CHECK(num(http.get("/api/v1/assets?fqn=l_t_" + suffix).json()["total"]) == 0);
    CHECK(num(http.get("/api/v1/assets?fqn=LST%5F" + suffix).json()["total"]) == 3);
    CHECK(num(http.get("/api/v1/assets?fqn=lst%25" + suffix).json()["total"]) == 0);

    auto ids = [&](const std::string& query) {
        std::vector<std::string> found;
        // Keep the document alive: a temporary in a range-for initializer dies before the loop.
        const auto body = http.get("/api/v1/assets?fqn=" + base + query).json();
        for (const auto& item : body["results"].GetArray()) found.push_back(str(item, "id"));
        return found;
    };
    CHECK(ids("&sort_by=fqn&sort_order=desc").front() == users);
    CHECK(ids("&sort_by=created_at") == std::vector<std::string>{orders, users, devOrders});
    CHECK(ids("&sort_by=created_at&sort_order=desc") ==
          std::vector<std::string>{devOrders, users, orders});
    CHECK(ids("&sort_by=owner&sort_order=desc").front() == users);       // team "b-…" first
    CHECK(ids("&sort_by=owner_user&sort_order=asc").front() == orders);  // nulls last
    CHECK(ids("&sort_by=bogus&sort_order=sideways").back() == users);    // fqn ascending
    CHECK(ids("&limit=1&offset=1").size() == 1);

    CHECK(http.get("/api/v1/assets?owner=nope").status == 422);
    CHECK(http.get("/api/v1/assets?unowned=maybe").status == 422);
    CHECK(http.get("/api/v1/assets?limit=0").status == 422);
    CHECK(http.get("/api/v1/assets?limit=101").status == 422);
    CHECK(http.get("/api/v1/assets?offset=-1").status == 422);

    // A repeated parameter: the last occurrence wins (spec 01 §1.3), whichever is valid.
    auto repeated = http.get("/api/v1/assets?limit=0&limit=2&offset=5&offset=0");
    REQUIRE(repeated.status == 200);
    CHECK(repeated.json()["limit"].GetInt() == 2);
    CHECK(repeated.json()["offset"].GetInt() == 0);
    CHECK(http.get("/api/v1/assets?limit=2&limit=0").status == 422);
}

TEST_CASE("search assets", "[http][assets]") {
    const auto& http = sharedServer().client();
    const std::string suffix = uniqueSuffix();
    const std::string teamName = "search-" + suffix;
    const std::string team = createTeamNamed(http, teamName);
    const std::string other = createTestTeam(http);
    const std::string base = "srch_" + suffix;
    REQUIRE(postAsset(http, team, base + ".beta").status == 201);
    REQUIRE(postAsset(http, team, base + ".alpha").status == 201);
    REQUIRE(postAsset(http, other, base + ".gamma", R"(,"environment":"staging")").status == 201);

    auto found = http.get("/api/v1/assets/search?q=" + base);
    REQUIRE(found.status == 200);
    auto body = found.json();
    CHECK(num(body["total"]) == 3);
    CHECK(keys(body["results"][0]) == "id,fqn,owner_team_id,owner_team_name,environment");
    CHECK(str(body["results"][0], "fqn") == base + ".alpha");
    CHECK(str(body["results"][0], "owner_team_name") == teamName);
    CHECK(num(http.get("/api/v1/assets/search?q=" + base + "&owner=" + team).json()["total"]) == 2);
    CHECK(
        num(http.get("/api/v1/assets/search?q=" + base + "&environment=staging").json()["total"]) ==
        1);
    CHECK(num(http.get("/api/v1/assets/search?q=SRCH_" + suffix + ".ALPHA").json()["total"]) == 1);

    auto missing = http.get("/api/v1/assets/search");
    CHECK(missing.status == 422);
    CHECK(detailType(missing) == "missing");
    CHECK(detailType(http.get("/api/v1/assets/search?q=")) == "string_too_short");
    CHECK(http.get("/api/v1/assets/search?q=x&owner=bad").status == 422);
}

TEST_CASE("update an asset", "[http][assets]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string otherTeam = createTestTeam(http);
    const std::string asset = createTestAsset(http, team, R"(,"metadata":{"a":1})");
    const std::string path = "/api/v1/assets/" + asset;

    SECTION("partial update; metadata replaced; no FQN pattern on update") {
        auto patched = http.patch(path, R"({"fqn":"not a pattern","metadata":{"b":2}})");
        REQUIRE(patched.status == 200);
        auto body = patched.json();
        CHECK(keys(body) == kAssetBaseKeys);
        CHECK(str(body, "fqn") == "not a pattern");
        CHECK_FALSE(body["metadata"].HasMember("a"));
        CHECK(num(body["metadata"]["b"]) == 2);
        CHECK(str(body, "environment") == "production");
        auto nulls = http.patch(path, R"({"fqn":null,"environment":null,"guarantee_mode":null})");
        REQUIRE(nulls.status == 200);
        CHECK(str(nulls.json(), "fqn") == "not a pattern");
        CHECK_FALSE(http.patch(path, R"({"metadata":{}})").json()["metadata"].HasMember("b"));
    }
    SECTION("validation") {
        const std::string before = http.get(path).body;
        const RowCounts rows(server);
        CHECK(rejection(http.patch(path, "")) == "422 missing");
        CHECK(rejection(http.patch(path, R"({"fqn":""})")) == "422 string_too_short");
        CHECK(rejection(http.patch(path, R"({"fqn":"db.renamed","guarantee_mode":"x"})")) ==
              "422 enum");
        CHECK(rejection(http.patch(path, R"({"fqn":"db.renamed","environment":5})")) ==
              "422 string_type");
        CHECK(http.get(path).body == before);
        CHECK(rows.changes() == "");
    }
    SECTION("missing or soft-deleted: 404") {
        auto unknown = http.patch("/api/v1/assets/" + kUnknownId, "{}");
        CHECK(unknown.status == 404);
        CHECK(errorCode(unknown.json()) == "ASSET_NOT_FOUND");
        REQUIRE(http.del(path).status == 204);
        CHECK(http.patch(path, "{}").status == 404);
    }
    SECTION("owner user rules") {
        const std::string member = insertUser(server, team, "member");
        const std::string stranger = insertUser(server, otherTeam, "stranger");
        const std::string before = http.get(path).body;
        const RowCounts rows(server);
        auto wrongTeam =
            http.patch(path, R"({"fqn":"db.renamed","owner_user_id":")" + stranger + "\"}");
        CHECK(rejection(wrongTeam) == "400 BAD_REQUEST");
        CHECK(errorMessage(wrongTeam.json()) == "Owner user must belong to the owner team");
        auto unknownUser =
            http.patch(path, R"({"fqn":"db.renamed","owner_user_id":")" + kUnknownId + "\"}");
        CHECK(rejection(unknownUser) == "404 NOT_FOUND");
        CHECK(errorMessage(unknownUser.json()) == "Owner user not found");
        CHECK(http.get(path).body == before);
        CHECK(rows.changes() == "");

        REQUIRE(http.patch(path, R"({"owner_user_id":")" + member + "\"}").status == 200);
        // Moving the team alone keeps the old team's owner user: 400 (spec 02 §4.5).
        CHECK(http.patch(path, R"({"owner_team_id":")" + otherTeam + "\"}").status == 400);
        auto moved = http.patch(path, R"({"owner_team_id":")" + otherTeam +
                                          R"(","owner_user_id":")" + stranger + "\"}");
        REQUIRE(moved.status == 200);
        CHECK(str(moved.json(), "owner_team_id") == otherTeam);
        // A deactivated owner user blocks every PATCH until a new one is set.
        execSql(server, "UPDATE core.users SET deactivated_at = now() WHERE id = $1", stranger);
        CHECK(http.patch(path, R"({"metadata":{}})").status == 404);
    }
    SECTION("unknown new owner team: 404 TEAM_NOT_FOUND (hardening of quirk A3)") {
        auto response = http.patch(path, R"({"owner_team_id":")" + kUnknownId + "\"}");
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "TEAM_NOT_FOUND");
        CHECK(errorMessage(response.json()) == "Owner team not found");
    }
    SECTION("onto a taken (fqn, environment): 409 DUPLICATE_ASSET, not 500") {
        const std::string taken = uniqueFqn();
        REQUIRE(postAsset(http, team, taken, R"(,"environment":"qa")").status == 201);
        auto response = http.patch(path, R"({"fqn":")" + taken + R"(","environment":"qa"})");
        CHECK(response.status == 409);
        CHECK(errorCode(response.json()) == "DUPLICATE_ASSET");
        CHECK(errorMessage(response.json()) ==
              "Asset '" + taken + "' already exists in environment 'qa'");
    }
}

TEST_CASE("soft delete and restore", "[http][assets]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    const std::string path = "/api/v1/assets/" + asset;

    auto notDeleted = http.post(path + "/restore");
    REQUIRE(notDeleted.status == 200);  // idempotent
    CHECK(keys(notDeleted.json()) == kAssetBaseKeys);

    auto deleted = http.del(path);
    CHECK(deleted.status == 204);
    CHECK(deleted.body.empty());
    auto again = http.del(path);
    CHECK(again.status == 404);
    CHECK(errorCode(again.json()) == "ASSET_NOT_FOUND");

    auto restored = http.post(path + "/restore");
    REQUIRE(restored.status == 200);
    CHECK(str(restored.json(), "id") == asset);
    CHECK(http.get(path).status == 200);

    auto unknown = http.post("/api/v1/assets/" + kUnknownId + "/restore");
    CHECK(unknown.status == 404);
    CHECK(errorMessage(unknown.json()) == "Asset not found");
    CHECK(http.del("/api/v1/assets/" + kUnknownId).status == 404);
}

TEST_CASE("bulk-assign an owner user", "[http][assets]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string otherTeam = createTestTeam(http);
    // No membership check on bulk-assign (spec 02 §11 A8).
    const std::string user = insertUser(server, otherTeam, "bulk");
    const std::string a = createTestAsset(http, team);
    const std::string b = createTestAsset(http, team);
    const std::string gone = createTestAsset(http, team);
    REQUIRE(http.del("/api/v1/assets/" + gone).status == 204);

    auto response = http.post("/api/v1/assets/bulk-assign",
                              R"({"asset_ids":[")" + a + R"(",")" + b + R"(",")" + gone + R"(",")" +
                                  kUnknownId + R"(",")" + a + R"(",")" + kUnknownId +
                                  R"("],"owner_user_id":")" + user + "\"}");
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(keys(body) == "updated,not_found,owner_user_id");
    CHECK(num(body["updated"]) == 2);
    REQUIRE(body["not_found"].Size() == 3);  // request order, repeats kept
    CHECK(text(body["not_found"][0]) == gone);
    CHECK(text(body["not_found"][1]) == kUnknownId);
    CHECK(text(body["not_found"][2]) == kUnknownId);
    CHECK(str(body, "owner_user_id") == user);
    CHECK(str(http.get("/api/v1/assets/" + a).json(), "owner_user_id") == user);
    // Each updated asset's history records it once (a repeated id is one update).
    CHECK(countRows(server,
                    "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND action = "
                    "'asset.updated' AND payload->>'bulk_assign' = 'true'",
                    a) == 1);
    CHECK(countRows(server,
                    "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND action = "
                    "'asset.updated'",
                    gone) == 0);

    auto cleared = http.post("/api/v1/assets/bulk-assign",
                             R"({"asset_ids":[")" + a + R"("],"owner_user_id":null})");
    REQUIRE(cleared.status == 200);
    CHECK(cleared.json()["owner_user_id"].IsNull());
    CHECK(http.get("/api/v1/assets/" + a).json()["owner_user_id"].IsNull());

    auto unknownUser =
        http.post("/api/v1/assets/bulk-assign",
                  R"({"asset_ids":[")" + a + R"("],"owner_user_id":")" + kUnknownId + "\"}");
    CHECK(unknownUser.status == 404);
    CHECK(errorCode(unknownUser.json()) == "NOT_FOUND");
    CHECK(errorMessage(unknownUser.json()) == "Owner user not found");

    auto empty = http.post("/api/v1/assets/bulk-assign", R"({"asset_ids":[]})");
    CHECK(empty.status == 422);
    CHECK(detailType(empty) == "too_short");
    CHECK(detailType(http.post("/api/v1/assets/bulk-assign", R"({"asset_ids":["x"]})")) ==
          "uuid_parsing");
    CHECK(detailType(http.post("/api/v1/assets/bulk-assign", R"({"asset_ids":"x"})")) ==
          "list_type");
    CHECK(detailType(http.post("/api/v1/assets/bulk-assign", "{}")) == "missing");
}
