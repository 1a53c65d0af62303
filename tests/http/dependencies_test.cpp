// Dependencies and lineage (spec 02 §9.1–9.4) over HTTP.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;

namespace {

HttpResult addDependency(const HttpClient& http, const std::string& from, const std::string& to,
                         const std::string& type = "", const Headers& headers = {}) {
    std::string body = R"({"depends_on_asset_id":")" + to + "\"";
    if (!type.empty()) body += R"(,"dependency_type":")" + type + "\"";
    return http.post("/api/v1/assets/" + from + "/dependencies", body + "}", headers);
}

}  // namespace

TEST_CASE("create, list and delete dependencies", "[http][dependencies]") {
    const auto& server = sharedServer();
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string orders = createTestAsset(http, team);
    const std::string raw = createTestAsset(http, team);

    auto created = addDependency(http, orders, raw, "transforms");
    REQUIRE(created.status == 201);
    auto edge = created.json();
    CHECK(keys(edge) == "id,dependent_asset_id,dependency_asset_id,dependency_type,created_at");
    CHECK(str(edge, "dependent_asset_id") == orders);
    CHECK(str(edge, "dependency_asset_id") == raw);
    CHECK(str(edge, "dependency_type") == "transforms");
    CHECK(str(addDependency(http, raw, createTestAsset(http, team)).json(), "dependency_type") ==
          "consumes");

    auto listed = http.get("/api/v1/assets/" + orders + "/dependencies").json();
    CHECK(num(listed["total"]) == 1);
    CHECK(str(listed["results"][0], "id") == str(edge, "id"));
    CHECK(num(http.get("/api/v1/assets/" + raw + "/dependencies").json()["total"]) == 1);

    // The reverse edge is a legal cycle; the same pair again is a conflict.
    CHECK(addDependency(http, raw, orders).status == 201);
    const RowCounts rows(server);
    auto duplicate = addDependency(http, orders, raw, "consumes");
    CHECK(rejection(duplicate) == "409 DUPLICATE_DEPENDENCY");
    CHECK(errorMessage(duplicate.json()) == "Dependency already exists");

    auto self = addDependency(http, orders, orders);
    CHECK(rejection(self) == "400 SELF_DEPENDENCY");
    CHECK(errorMessage(self.json()) == "Asset cannot depend on itself");

    const std::string unknown = "00000000-0000-0000-0000-000000000000";
    auto noAsset = addDependency(http, unknown, raw);
    CHECK(rejection(noAsset) == "404 ASSET_NOT_FOUND");
    CHECK(errorMessage(noAsset.json()) == "Asset not found");
    auto noTarget = addDependency(http, orders, unknown);
    CHECK(rejection(noTarget) == "404 ASSET_NOT_FOUND");
    CHECK(errorMessage(noTarget.json()) == "Dependency asset not found");
    CHECK(rejection(addDependency(http, orders, raw, "feeds")) == "422 enum");
    CHECK(rejection(addDependency(http, orders, "nope")) == "422 uuid_parsing");
    CHECK(rejection(http.del("/api/v1/assets/" + orders + "/dependencies/" + unknown)) ==
          "404 DEPENDENCY_NOT_FOUND");
    CHECK(rows.changes() == "");

    const std::string path = "/api/v1/assets/" + orders + "/dependencies/" + str(edge, "id");
    CHECK(http.del(path).status == 204);
    auto gone = http.del(path);
    CHECK(gone.status == 404);
    CHECK(errorCode(gone.json()) == "DEPENDENCY_NOT_FOUND");
    CHECK(errorMessage(gone.json()) == "Dependency not found");
    CHECK(countRows(server, "SELECT count(*) FROM audit.events WHERE entity_id = $1",
                    str(edge, "id")) == 2);
}

TEST_CASE("lineage: upstream, consumer teams and downstream assets", "[http][dependencies]") {
    const auto& http = sharedServer().client();
    const std::string producer = createTestTeam(http);
    const std::string consumer = createTestTeam(http);
    const std::string source = createTestAsset(http, producer);
    const std::string middle = createTestAsset(http, producer);
    const std::string sink = createTestAsset(http, producer);
    REQUIRE(addDependency(http, middle, source, "transforms").status == 201);
    REQUIRE(addDependency(http, sink, middle).status == 201);
    const std::string contract =
        publishContract(http, middle, producer, objectSchema(R"("id":{"type":"integer"})"));
    registerConsumer(http, contract, consumer);
    registerConsumer(http, contract, consumer);

    auto lineage = http.get("/api/v1/assets/" + middle + "/lineage");
    REQUIRE(lineage.status == 200);
    auto body = lineage.json();
    CHECK(keys(body) ==
          "asset_id,asset_fqn,owner_team_id,owner_team_name,upstream,downstream,downstream_assets");
    REQUIRE(body["upstream"].Size() == 1);
    CHECK(keys(body["upstream"][0]) == "asset_id,asset_fqn,dependency_type,owner_team");
    CHECK(str(body["upstream"][0], "asset_id") == source);
    CHECK(str(body["upstream"][0], "dependency_type") == "transforms");
    REQUIRE(body["downstream"].Size() == 1);  // one entry per team
    CHECK(str(body["downstream"][0], "team_id") == consumer);
    CHECK(body["downstream"][0]["registrations"].Size() == 2);
    CHECK(keys(body["downstream"][0]["registrations"][0]) == "contract_id,status,pinned_version");
    REQUIRE(body["downstream_assets"].Size() == 1);
    CHECK(str(body["downstream_assets"][0], "asset_id") == sink);

    CHECK(http.get("/api/v1/assets/00000000-0000-0000-0000-000000000000/lineage").status == 404);
}

TEST_CASE("only the owner team adds or removes dependencies (R6)", "[http][dependencies][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string owner = secured.createTeam("owners");
    const std::string other = secured.createTeam("others");
    const std::string ownerKey = secured.createKey(owner, R"(["read","write"])");
    const std::string otherKey = secured.createKey(other, R"(["read","write"])");
    auto assetA = http.post("/api/v1/assets",
                            R"({"fqn":")" + uniqueFqn() + R"(","owner_team_id":")" + owner + "\"}",
                            bearer(ownerKey));
    auto assetB = http.post("/api/v1/assets",
                            R"({"fqn":")" + uniqueFqn() + R"(","owner_team_id":")" + owner + "\"}",
                            bearer(ownerKey));
    REQUIRE(assetA.status == 201);
    REQUIRE(assetB.status == 201);
    const std::string a = str(assetA.json(), "id");
    const std::string b = str(assetB.json(), "id");

    auto denied = addDependency(http, a, b, "", bearer(otherKey));
    CHECK(denied.status == 403);
    CHECK(errorCode(denied.json()) == "INSUFFICIENT_PERMISSIONS");
    CHECK(errorMessage(denied.json()) ==
          "You can only add dependencies to assets belonging to your team");
    auto created = addDependency(http, a, b, "", bearer(ownerKey));
    REQUIRE(created.status == 201);
    const std::string path = "/api/v1/assets/" + a + "/dependencies/" + str(created.json(), "id");
    CHECK(http.del(path, bearer(otherKey)).status == 403);
    CHECK(http.del(path, bearer(ownerKey)).status == 204);
}

TEST_CASE("column mappings are set with the dependency (issue 20, additive field)",
          "[http][dependencies][columns]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string orders = createTestAsset(http, team);
    const std::string raw = createTestAsset(http, team);
    auto created = http.post(
        "/api/v1/assets/" + orders + "/dependencies",
        R"({"depends_on_asset_id":")" + raw +
            R"(","dependency_type":"transforms","column_mappings":[)"
            R"({"target_column":"total","source_column":"amount"},)"
            R"({"target_column":"total","source_column":"amount"},)"
            R"({"target_column":null,"source_column":"status","kind":"INDIRECT","subtype":"FILTER"}]})");
    REQUIRE(created.status == 201);
    const std::string expected =
        R"([{"target_column":null,"source_column":"status","kind":"INDIRECT","subtype":"FILTER"},)"
        R"({"target_column":"total","source_column":"amount","kind":"DIRECT","subtype":null}])";
    auto edge = created.json();
    CHECK(keys(edge) ==
          "id,dependent_asset_id,dependency_asset_id,dependency_type,created_at,column_mappings");
    CHECK(tessera::core::toJson(edge["column_mappings"]) == expected);
    auto listed = http.get("/api/v1/assets/" + orders + "/dependencies").json();
    CHECK(tessera::core::toJson(listed["results"][0]["column_mappings"]) == expected);

    const auto bad = [&](const std::string& mappings) {
        return http.post(
            "/api/v1/assets/" + raw + "/dependencies",
            R"({"depends_on_asset_id":")" + orders + R"(","column_mappings":)" + mappings + "}");
    };
    auto kind = bad(R"([{"target_column":"a","source_column":"b","kind":"SIDEWAYS"}])");
    CHECK(kind.status == 422);
    CHECK(kind.body.find(R"("loc":["body","column_mappings",0,"kind"])") != std::string::npos);
    CHECK(bad(R"([{"target_column":"a"}])")
              .body.find(R"("loc":["body","column_mappings",0,"source_column"])") !=
          std::string::npos);
    CHECK(bad(R"({"a":1})").status == 422);
    CHECK(bad("[7]").status == 422);
    // Null or empty: no mappings, no key.
    auto none = bad("[]");
    REQUIRE(none.status == 201);
    CHECK_FALSE(none.json().HasMember("column_mappings"));
}
