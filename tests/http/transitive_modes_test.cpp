// *_transitive compatibility modes (00-decisions, issue 4): a new schema is checked against every
// earlier contract of the asset, not only the active one.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

// An asset whose history is v1 then v2 (force-published over v1), both under `mode`.
std::string publishHistory(const HttpClient& http, const std::string& team, const std::string& mode,
                           const std::string& v1, const std::string& v2) {
    const std::string asset = createTestAsset(http, team);
    const std::string modeField = R"(,"compatibility_mode":")" + mode + "\"";
    REQUIRE(publish(http, asset, team, v1, modeField).status == 201);
    auto forced = publish(http, asset, team, v2, modeField, "&force=true");
    REQUIRE(forced.status == 201);
    REQUIRE(str(forced.json(), "action") == "force_published");
    return asset;
}

// Publishes `v3` under `mode`; returns the response body.
rapidjson::Document publishThird(const HttpClient& http, const std::string& team,
                                 const std::string& asset, const std::string& mode,
                                 const std::string& v3) {
    auto response = publish(http, asset, team, v3, R"(,"compatibility_mode":")" + mode + "\"");
    REQUIRE(response.status == 201);
    return response.json();
}

// For each plain mode: v1, then v2 force-published over it, then v3, which only the
// comparison with v1 finds breaking. The plain mode publishes v3; its _transitive twin makes it
// a proposal with the change against v1.
struct History {
    const char* mode;
    std::string v1, v2, v3;
    const char* breakingPath;
    const char* breakingType;
};

const History kHistories[] = {
    // v1 has x:integer; v2 drops x; v3 brings x back as a string. Against the active v2 that
    // only adds a property; against v1 it changes x's type.
    {"backward", objectSchema(R"("id":{"type":"integer"},"x":{"type":"integer"})"),
     objectSchema(R"("id":{"type":"integer"})"),
     objectSchema(R"("id":{"type":"integer"},"x":{"type":"string"})"), "properties.x.type",
     "type_changed"},
    // v1 has id only; v2 adds x and y; v3 drops y. Against v2 that only removes a property
    // (forward compatible); against v1 it adds x (forward breaking).
    {"forward", objectSchema(R"("id":{"type":"integer"})"),
     objectSchema(R"("id":{"type":"integer"},"x":{"type":"integer"},"y":{"type":"integer"})"),
     objectSchema(R"("id":{"type":"integer"},"x":{"type":"integer"})"), "properties.x",
     "property_added"},
    // v1 has id only; v2 adds x with a default; v3 only changes that default. Against v2 that
    // breaks neither way; against v1 it adds x (forward breaking, so full breaking).
    {"full", objectSchema(R"("id":{"type":"integer"})"),
     objectSchema(R"("id":{"type":"integer"},"x":{"type":"integer","default":1})"),
     objectSchema(R"("id":{"type":"integer"},"x":{"type":"integer","default":2})"), "properties.x",
     "property_added"},
};

}  // namespace

TEST_CASE("a plain mode publishes what only an earlier contract would break",
          "[http][transitive]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    for (const History& h : kHistories) {
        INFO(h.mode);
        const std::string asset = publishHistory(http, team, h.mode, h.v1, h.v2);
        CHECK(str(publishThird(http, team, asset, h.mode, h.v3), "action") == "published");
    }
}

TEST_CASE("the _transitive modes check every earlier contract", "[http][transitive]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    for (const History& h : kHistories) {
        const std::string mode = std::string(h.mode) + "_transitive";
        INFO(mode);
        const std::string asset = publishHistory(http, team, mode, h.v1, h.v2);
        auto body = publishThird(http, team, asset, mode, h.v3);
        CHECK(str(body, "action") == "proposal_created");
        CHECK(body["breaking_changes"].Size() == 1);
        if (body["breaking_changes"].Empty()) continue;
        CHECK(str(body["breaking_changes"][0], "path") == h.breakingPath);
        CHECK(str(body["breaking_changes"][0], "type") == h.breakingType);
    }
}
