// Blast radius over HTTP (spec 02 §9.5 with 00-decisions; issue 5): impact analysis of a
// proposed schema and the polling GET with ETag, both answered from the in-memory index.
#include <chrono>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

const std::string kIdSchema = objectSchema(R"("id":{"type":"integer"})");

HttpResult impact(const HttpClient& http, const std::string& assetId, const std::string& schema,
                  const std::string& query = "") {
    return http.post("/api/v1/assets/" + assetId + "/impact" + query, schema);
}

// depth of `assetId` in impacted_assets, or -1.
long long depthOf(const rapidjson::Value& assets, const std::string& assetId) {
    for (const auto& asset : assets.GetArray()) {
        if (str(asset, "asset_id") == assetId) return num(asset["depth"]);
    }
    return -1;
}

}  // namespace

TEST_CASE("impact: a chain with a consumer at the end", "[http][impact]") {
    const auto& http = sharedServer().client();
    const std::string producer = createTestTeam(http);
    const std::string consumer = createTestTeam(http);
    const std::string a = createTestAsset(http, producer);
    const std::string b = createTestAsset(http, producer);
    const std::string c = createTestAsset(http, producer);
    dependsOn(http, b, a);
    dependsOn(http, c, b);
    publishContract(http, a, producer, kIdSchema);
    registerConsumer(http, publishContract(http, c, producer, kIdSchema), consumer);

    auto response = impact(http, a, objectSchema(R"("name":{"type":"string"})"));
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(keys(body) ==
          "change_type,breaking_changes,impacted_consumers,impacted_assets,safe_to_publish,"
          "traversal_depth,asset_id,column_impact");  // column_impact: additive (issue 20)
    CHECK(str(body, "change_type") == "major");
    CHECK(body["safe_to_publish"].IsFalse());
    CHECK(num(body["traversal_depth"]) == 5);
    REQUIRE(body["breaking_changes"].Size() >= 1);
    CHECK(keys(body["breaking_changes"][0]) == "type,path,message,old_value,new_value");
    REQUIRE(body["impacted_assets"].Size() == 2);
    CHECK(keys(body["impacted_assets"][0]) == "asset_id,fqn,dependency_type,depth");
    CHECK(depthOf(body["impacted_assets"], b) == 1);
    CHECK(depthOf(body["impacted_assets"], c) == 2);
    REQUIRE(body["impacted_consumers"].Size() == 1);
    const auto& team = body["impacted_consumers"][0];
    CHECK(keys(team) == "team_id,team_name,status,pinned_version,depth");
    CHECK(str(team, "team_id") == consumer);
    CHECK(str(team, "team_name").rfind("team", 0) != std::string::npos);
    CHECK(num(team["depth"]) == 3);

    // depth bounds what is reached: at depth 2, C is listed but its consumer (depth 3) is not.
    auto shallow = impact(http, a, kIdSchema, "?depth=2").json();
    CHECK(shallow["impacted_assets"].Size() == 2);
    CHECK(shallow["impacted_consumers"].Size() == 0);
    CHECK(shallow["safe_to_publish"].IsTrue());
    // Nothing breaking: the original's keys, no column_impact.
    CHECK(keys(shallow) ==
          "change_type,breaking_changes,impacted_consumers,impacted_assets,safe_to_publish,"
          "traversal_depth,asset_id");
    CHECK(impact(http, a, kIdSchema, "?depth=1").json()["impacted_assets"].Size() == 1);
    CHECK(impact(http, a, kIdSchema, "?depth=0").status == 422);
    CHECK(impact(http, a, kIdSchema, "?depth=11").status == 422);
}

TEST_CASE("impact: diamonds list each asset once at its shortest depth; cycles terminate",
          "[http][impact]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string root = createTestAsset(http, team);
    const std::string left = createTestAsset(http, team);
    const std::string right = createTestAsset(http, team);
    const std::string far = createTestAsset(http, team);
    const std::string sink = createTestAsset(http, team);
    dependsOn(http, left, root);
    dependsOn(http, right, root);
    dependsOn(http, far, left);
    dependsOn(http, sink, far);
    dependsOn(http, sink, right);  // shortcut: sink is 2 hops away, not 3
    dependsOn(http, root, sink);   // and a cycle back to the root
    publishContract(http, root, team, kIdSchema);

    auto body = impact(http, root, kIdSchema).json();
    CHECK(body["impacted_assets"].Size() == 4);  // the root itself is never listed
    CHECK(depthOf(body["impacted_assets"], left) == 1);
    CHECK(depthOf(body["impacted_assets"], right) == 1);
    CHECK(depthOf(body["impacted_assets"], far) == 2);
    CHECK(depthOf(body["impacted_assets"], sink) == 2);
    CHECK(depthOf(body["impacted_assets"], root) == -1);
    // Deterministic order: depth, then FQN.
    for (rapidjson::SizeType i = 1; i < body["impacted_assets"].Size(); ++i) {
        const auto& before = body["impacted_assets"][i - 1];
        const auto& after = body["impacted_assets"][i];
        CHECK((num(before["depth"]) < num(after["depth"]) ||
               (num(before["depth"]) == num(after["depth"]) &&
                str(before, "fqn") < str(after, "fqn"))));
    }
}

TEST_CASE("impact: no current contract, invalid schemas, unknown assets", "[http][impact]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    auto none = impact(http, asset, kIdSchema);
    REQUIRE(none.status == 200);
    CHECK(
        none.body ==
        R"({"change_type":"minor","breaking_changes":[],"impacted_consumers":[],"impacted_assets":[],"safe_to_publish":true,"asset_id":")" +
            asset + R"("})");

    // The schema is checked before the asset exists.
    auto invalid = impact(http, "00000000-0000-0000-0000-000000000000",
                          R"({"type":"object","properties":{"id":{"type":"not_a_type"}}})");
    CHECK(invalid.status == 400);
    CHECK(errorCode(invalid.json()) == "BAD_REQUEST");
    CHECK(errorMessage(invalid.json()).rfind("Invalid JSON Schema: properties.id.type:", 0) == 0);
    auto unknown = impact(http, "00000000-0000-0000-0000-000000000000", kIdSchema);
    CHECK(unknown.status == 404);
    CHECK(errorCode(unknown.json()) == "ASSET_NOT_FOUND");
    CHECK(impact(http, asset, "[1]").status == 422);
}

TEST_CASE("blast radius GET: totals, direction, ETag and 304", "[http][impact]") {
    const auto& http = sharedServer().client();
    const std::string producer = createTestTeam(http);
    const std::string consumer = createTestTeam(http);
    const std::string a = createTestAsset(http, producer);
    const std::string b = createTestAsset(http, producer);
    dependsOn(http, b, a);
    registerConsumer(http, publishContract(http, b, producer, kIdSchema), consumer);

    const std::string path = "/api/v1/assets/" + a + "/blast-radius?depth=3";
    auto first = http.get(path);
    REQUIRE(first.status == 200);
    auto body = first.json();
    CHECK(keys(body) == "asset_id,fqn,direction,depth,generation,assets,consumers,totals");
    REQUIRE(body["assets"].Size() == 1);
    CHECK(str(body["assets"][0], "asset_id") == b);
    CHECK(str(body["assets"][0], "owner_team_id") == producer);
    REQUIRE(body["consumers"].Size() == 1);
    CHECK(num(body["consumers"][0]["depth"]) == 2);
    CHECK(num(body["totals"]["assets"]) == 1);
    CHECK(num(body["totals"]["consumer_teams"]) == 1);
    const std::string etag = first.header("etag");
    REQUIRE_FALSE(etag.empty());

    auto cached = http.get(path, {{"If-None-Match", etag}});
    CHECK(cached.status == 304);
    CHECK(cached.body.empty());
    CHECK(cached.header("etag") == etag);

    // A write changes the tag at once on the writer's replica, and the answer with it.
    const std::string c = createTestAsset(http, producer);
    dependsOn(http, c, b);
    auto changed = http.get(path, {{"If-None-Match", etag}});
    REQUIRE(changed.status == 200);
    CHECK(changed.header("etag") != etag);
    CHECK(changed.json()["assets"].Size() == 2);

    auto upstream = http.get("/api/v1/assets/" + c + "/blast-radius?direction=upstream").json();
    CHECK(upstream["assets"].Size() == 2);
    CHECK(str(upstream, "direction") == "upstream");
    CHECK(http.get(path + "&direction=sideways").status == 422);
    CHECK(http.get("/api/v1/assets/00000000-0000-0000-0000-000000000000/blast-radius").status ==
          404);
}

TEST_CASE("two replicas on one Postgres: a write on A is visible on B",
          "[http][impact][replicas]") {
    ScratchDatabase database;
    TestServer replicaA({}, database.url());
    TestServer replicaB({}, database.url());
    const auto& a = replicaA.client();
    const auto& b = replicaB.client();
    const std::string team = createTestTeam(a);
    const std::string upstream = createTestAsset(a, team);
    const std::string downstream = createTestAsset(a, team);
    dependsOn(a, downstream, upstream);

    const auto written = std::chrono::steady_clock::now();
    bool seen = false;
    while (!seen && std::chrono::steady_clock::now() - written < std::chrono::seconds(5)) {
        auto response = b.get("/api/v1/assets/" + upstream + "/blast-radius");
        seen = response.status == 200 && response.json()["assets"].Size() == 1;
        if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - written);
    CHECK(seen);
    INFO("visible on replica B after " << elapsed.count() << " ms");
    CHECK(elapsed.count() < 1000);  // target 100 ms; generous for a loaded CI machine

    // And a removal travels too.
    auto edges = a.get("/api/v1/assets/" + downstream + "/dependencies").json();
    REQUIRE(
        a.del("/api/v1/assets/" + downstream + "/dependencies/" + str(edges["results"][0], "id"))
            .status == 204);
    bool gone = false;
    for (int i = 0; i < 500 && !gone; ++i) {
        gone = b.get("/api/v1/assets/" + upstream + "/blast-radius").json()["assets"].Size() == 0;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(gone);
}
