// Values an operator can store that the API never writes: the server reads them without a 500
// and keeps its index current. Timestamps microseconds cannot hold ('infinity', year 294276),
// a non-array breaking_changes, and numbers beyond a double's range in jsonb.
#include <chrono>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

TEST_CASE("infinite and far timestamps are read, and an 'infinity' expiry never expires",
          "[http][operator]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string team = secured.createTeam("forever");
    const auto key = secured.createKeyRecord(team, R"(["read","admin"])");
    execSql(secured.server(), "UPDATE core.api_keys SET expires_at = 'infinity' WHERE id = $1",
            key.id);
    CHECK(http.get("/api/v1/teams", bearer(key.key)).status == 200);
    CHECK(http.get("/api/v1/api-keys", bearer(key.key)).status == 200);
    execSql(secured.server(),
            "UPDATE core.api_keys SET expires_at = '294276-12-31', last_used_at = 'infinity'"
            " WHERE id = $1",
            key.id);
    CHECK(http.get("/api/v1/api-keys", bearer(key.key)).status == 200);
    execSql(secured.server(), "UPDATE core.teams SET created_at = 'infinity' WHERE id = $1", team);
    auto fetched = http.get("/api/v1/teams/" + team, bearer(key.key));
    CHECK(fetched.status == 200);
    CHECK(str(fetched.json(), "created_at").rfind("294247-", 0) == 0);
    CHECK(http.get("/api/v1/teams", bearer(key.key)).status == 200);
    execSql(secured.server(), "UPDATE core.api_keys SET expires_at = '-infinity' WHERE id = $1",
            key.id);
    CHECK(http.get("/api/v1/teams", bearer(key.key)).status == 401);
}

TEST_CASE("a proposal whose breaking_changes is not an array leaves the list readable",
          "[http][operator]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    publishContract(http, asset, team, objectSchema(R"("id":{"type":"integer"})"));
    auto opened = publish(http, asset, team, objectSchema(R"("name":{"type":"string"})"));
    REQUIRE(opened.status == 201);
    const std::string proposal = str(opened.json()["proposal"], "id");
    execSql(sharedServer(),
            "UPDATE workflow.proposals SET breaking_changes = '{}'::json WHERE id = $1", proposal);
    auto listed = http.get("/api/v1/proposals?asset_id=" + asset);
    REQUIRE(listed.status == 200);
    CHECK(listed.json()["results"].Size() == 1);
}

TEST_CASE(
    "a number beyond a double's range in a stored mapping neither stalls the index nor "
    "fails reads",
    "[http][operator]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string a = createTestAsset(http, team);
    const std::string b = createTestAsset(http, team);
    const std::string c = createTestAsset(http, team);
    dependsOn(http, b, a);
    dependsOn(http, c, b);
    execSql(sharedServer(),
            "UPDATE core.dependencies SET column_mappings ="
            " '[{\"source_column\":\"id\",\"target_column\":\"id\",\"kind\":\"DIRECT\","
            "\"note\":1e400}]'::jsonb WHERE dependent_asset_id = $1",
            b);
    CHECK(http.get("/api/v1/assets/" + b + "/dependencies").status == 200);
    // An edge deleted behind the server's back still leaves its index (the rebuild that
    // follows the external change used to fail on the mapping, keeping the edge for good).
    execSql(sharedServer(), "DELETE FROM core.dependencies WHERE dependent_asset_id = $1", c);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        auto radius = http.get("/api/v1/assets/" + a + "/blast-radius?view=summary");
        REQUIRE(radius.status == 200);
        gone = radius.json()["total_assets"].GetInt() == 1;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(gone);
}
