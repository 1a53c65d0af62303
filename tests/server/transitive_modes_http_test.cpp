// *_transitive compatibility modes (00-decisions, issue 4): a new schema is checked against every
// earlier contract of the asset, not only the active one.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

// v1 has x:integer; v2 (forced) drops x; v3 brings x back as a string. Against the active v2
// that only adds a property; against v1 it changes x's type.
std::string publishHistory(const HttpClient& http, const std::string& team,
                           const std::string& mode) {
    const std::string asset = createTestAsset(http, team);
    const std::string modeField = R"(,"compatibility_mode":")" + mode + "\"";
    REQUIRE(publish(http, asset, team,
                    objectSchema(R"("id":{"type":"integer"},"x":{"type":"integer"})"), modeField)
                .status == 201);
    auto forced = publish(http, asset, team, objectSchema(R"("id":{"type":"integer"})"), modeField,
                          "&force=true");
    REQUIRE(forced.status == 201);
    REQUIRE(str(forced.json(), "action") == "force_published");
    return asset;
}

const std::string kV3 = objectSchema(R"("id":{"type":"integer"},"x":{"type":"string"})");

}  // namespace

TEST_CASE("backward publishes what only an earlier contract would break", "[http][transitive]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = publishHistory(http, team, "backward");
    auto v3 = publish(http, asset, team, kV3, R"(,"compatibility_mode":"backward")");
    REQUIRE(v3.status == 201);
    CHECK(str(v3.json(), "action") == "published");
}

TEST_CASE("backward_transitive checks every earlier contract", "[http][transitive]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = publishHistory(http, team, "backward_transitive");
    auto v3 = publish(http, asset, team, kV3, R"(,"compatibility_mode":"backward_transitive")");
    REQUIRE(v3.status == 201);
    auto body = v3.json();
    CHECK(str(body, "action") == "proposal_created");
    REQUIRE(body["breaking_changes"].Size() >= 1);
    CHECK(str(body["breaking_changes"][0], "path") == "properties.x.type");
    CHECK(str(body["breaking_changes"][0], "type") == "type_changed");
}
