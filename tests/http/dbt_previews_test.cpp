// The dbt previews over HTTP (spec 04 §4.7–§4.8): a manifest against the assets and contracts
// in Postgres, nothing written; real manifests of ../shared/data/dbt answer 200 with counts that
// match them; malformed ones are 422 naming the key.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/shared_data.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// A manifest with one model `<schema>.orders` (its columns given) built from `<schema>.raw`, a
// model `<schema>.fresh` no asset has, and meta naming `owner` as the owner team.
std::string manifest(const std::string& schema, const std::string& columns,
                     const std::string& owner) {
    return R"({"nodes":{
      "model.p.orders":{"resource_type":"model","database":"wh","schema":")" +
           schema + R"(","name":"orders","columns":)" + columns +
           R"(,"depends_on":{"nodes":["model.p.raw"]},
        "meta":{"tessera":{"owner_team":")" +
           owner + R"(","consumers":[{"team":"nobody-by-this-name"},{"x":1}]}}},
      "model.p.raw":{"resource_type":"model","database":"wh","schema":")" +
           schema + R"(","name":"raw"},
      "model.p.fresh":{"resource_type":"model","database":"wh","schema":")" +
           schema + R"(","name":"fresh","depends_on":{"nodes":["model.p.orders"]}}}})";
}

}  // namespace

TEST_CASE("dbt impact and diff compare a manifest's columns with the contracts", "[http][dbt]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string teamName = str(http.get("/api/v1/teams/" + team).json(), "name");
    const std::string schema = "s" + team.substr(0, 8);  // a schema no other test uses
    auto orders = postAsset(http, team, "wh." + schema + ".orders");
    REQUIRE(orders.status == 201);
    publishContract(http, str(orders.json(), "id"), team,
                    objectSchema(R"("id":{"type":"integer"},"status":{"type":"string"})"));
    REQUIRE(postAsset(http, team, "wh." + schema + ".raw").status == 201);  // no contract

    // `status` dropped: breaking under the contract's backward mode.
    const std::string body = R"({"manifest":)" +
                             manifest(schema, R"({"id":{"data_type":"bigint"}})", teamName) +
                             R"(,"owner_team_id":")" + team + "\"}";
    SECTION("impact") {
        auto response = http.post("/api/v1/sync/dbt/impact", body);
        REQUIRE(response.status == 200);
        const auto result = response.json();
        CHECK(keys(result) ==
              "status,total_models,models_with_contracts,breaking_changes_count,results");
        CHECK(str(result, "status") == "breaking_changes_detected");
        CHECK(num(result["total_models"]) == 3);
        CHECK(num(result["models_with_contracts"]) == 1);
        CHECK(num(result["breaking_changes_count"]) == 1);
        const auto& first = result["results"][0];
        CHECK(keys(first) ==
              "fqn,node_id,has_contract,safe_to_publish,change_type,breaking_changes,"
              "downstream_assets,affected_teams");
        CHECK(str(first, "fqn") == "wh." + schema + ".orders");
        CHECK(str(first, "change_type") == "major");
        REQUIRE(first["breaking_changes"].Size() == 1);
        CHECK(str(first["breaking_changes"][0], "type") == "property_removed");
        CHECK(keys(first["breaking_changes"][0]) == "type,path,message,old_value,new_value");
        const auto& raw = result["results"][1];
        CHECK_FALSE(raw["has_contract"].GetBool());
        CHECK(raw["safe_to_publish"].GetBool());
        CHECK(raw["change_type"].IsNull());
    }
    SECTION("diff") {
        auto response = http.post("/api/v1/sync/dbt/diff", body);
        REQUIRE(response.status == 200);
        const auto result = response.json();
        CHECK(keys(result) == "status,summary,blocking,models,warnings,meta_errors");
        CHECK(str(result, "status") == "breaking_changes_detected");
        CHECK(keys(result["summary"]) == "new,modified,unchanged,breaking");
        CHECK(num(result["summary"]["new"]) == 1);        // fresh
        CHECK(num(result["summary"]["modified"]) == 1);   // orders
        CHECK(num(result["summary"]["unchanged"]) == 1);  // raw: an asset, no columns
        CHECK(num(result["summary"]["breaking"]) == 1);
        CHECK(result["blocking"].GetBool());
        const auto& first = result["models"][0];
        CHECK(keys(first) ==
              "fqn,node_id,change_type,owner_team,consumers_declared,consumers_from_refs,"
              "has_schema,schema_change_type,breaking_changes,downstream_assets,affected_teams");
        CHECK(str(first, "change_type") == "modified");
        CHECK(str(first, "schema_change_type") == "breaking");
        CHECK(str(first, "owner_team") == teamName);
        CHECK(num(first["consumers_declared"]) == 2);
        CHECK(num(first["consumers_from_refs"]) == 1);  // fresh is built from it
        CHECK(num(result["models"][1]["consumers_from_refs"]) == 1);
        CHECK(str(result["models"][2], "change_type") == "new");
        // The owner team resolves (case-insensitively); the unknown consumer does not.
        REQUIRE(result["meta_errors"].Size() == 1);
        CHECK(text(result["meta_errors"][0]) ==
              "wh." + schema + ".orders: consumer team 'nobody-by-this-name' not found");

        // Without fail_on_breaking only the meta error blocks; a compatible change does not.
        const std::string compatible =
            R"({"fail_on_breaking":false,"manifest":)" +
            manifest(schema, R"({"id":{"data_type":"int"},"status":{},"extra":{}})",
                     "NO-SUCH-TEAM") +
            "}";
        auto relaxed = http.post("/api/v1/sync/dbt/diff", compatible).json();
        CHECK(str(relaxed, "status") == "changes_detected");
        CHECK(str(relaxed["models"][0], "schema_change_type") == "compatible");
        CHECK(relaxed["blocking"].GetBool());  // the unknown owner team
        CHECK(text(relaxed["meta_errors"][0]) ==
              "wh." + schema + ".orders: owner_team 'NO-SUCH-TEAM' not found");
    }
}

TEST_CASE("real manifests preview with 200 and counts that match them", "[http][dbt]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    // jaffle_shop 1.11: 26 entries, six of them sources over seeds' tables (same FQN).
    const std::string manifest = sharedFile("dbt/jaffle_shop_v12/manifest_1.11.json");
    auto impact = http.post("/api/v1/sync/dbt/impact",
                            R"({"owner_team_id":")" + team + R"(","manifest":)" + manifest + "}");
    REQUIRE(impact.status == 200);
    CHECK(num(impact.json()["total_models"]) == 26);
    auto diff = http.post("/api/v1/sync/dbt/diff", R"({"manifest":)" + manifest + "}");
    REQUIRE(diff.status == 200);
    CHECK(diff.json()["models"].Size() == 20);  // one per FQN
    for (const char* file :
         {"dbt/jaffle_shop_v4_jaffle_shop/manifest.json",
          "dbt/jaffle_shop_v8_jaffle_shop/manifest.json",
          "dbt/jaffle_shop_v10_jaffle_shop/manifest.json", "dbt/jaffle_shop_v12/manifest_1.9.json",
          "dbt/dbt_core_state_v7/manifest.json", "dbt/dbt_core_state_v12/manifest.json"}) {
        INFO(file);
        CHECK(
            http.post("/api/v1/sync/dbt/diff", R"({"manifest":)" + sharedFile(file) + "}").status ==
            200);
    }
}

TEST_CASE("malformed manifests are 422 naming the key, and bodies are checked", "[http][dbt]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const auto impact = [&](const std::string& manifest) {
        return http.post("/api/v1/sync/dbt/impact",
                         R"({"owner_team_id":")" + team + R"(","manifest":)" + manifest + "}");
    };
    auto notObject = impact(R"({"nodes":[]})");
    CHECK(notObject.status == 422);
    CHECK(errorCode(notObject.json()) == "VALIDATION_ERROR");
    CHECK(errorMessage(notObject.json()) == "Invalid manifest at nodes: nodes must be an object");
    CHECK(str(notObject.json()["error"]["details"], "path") == "nodes");
    auto noType = impact(R"({"nodes":{"model.a":{"name":"a"}}})");
    CHECK(noType.status == 422);
    CHECK(errorMessage(noType.json()) ==
          "Invalid manifest at nodes.model.a.resource_type: resource_type is missing");
    auto unknownParent = impact(
        R"({"nodes":{"model.a":{"resource_type":"model","name":"a","depends_on":{"nodes":["model.zz"]}}}})");
    CHECK(unknownParent.status == 422);
    // The request itself: a missing manifest or owner team, a manifest that is not an object.
    CHECK(http.post("/api/v1/sync/dbt/impact", R"({"manifest":{}})").status == 422);
    CHECK(http.post("/api/v1/sync/dbt/impact", R"({"owner_team_id":")" + team + "\"}").status ==
          422);
    CHECK(http.post("/api/v1/sync/dbt/diff", R"({"manifest":[1]})").status == 422);
    CHECK(http.post("/api/v1/sync/dbt/diff", R"([])").status == 422);
    CHECK(http.post("/api/v1/sync/dbt/diff", R"({"manifest":{},"fail_on_breaking":"x"})").status ==
          422);
    // Names that need quoting inside a Postgres array reach SQL intact.
    auto odd =
        http.post("/api/v1/sync/dbt/diff",
                  R"({"manifest":{"nodes":{"model.odd":{"resource_type":"model","schema":"s{1}",)"
                  R"("name":"we\"ird,na\\me}"}}}})");
    REQUIRE(odd.status == 200);
    CHECK(str(odd.json()["models"][0], "fqn") == R"(.s{1}.we"ird,na\me})");
    CHECK(str(odd.json()["models"][0], "change_type") == "new");
    // An empty manifest is clean.
    auto empty = http.post("/api/v1/sync/dbt/diff", R"({"manifest":{}})").json();
    CHECK(str(empty, "status") == "clean");
    CHECK_FALSE(empty["blocking"].GetBool());
}
