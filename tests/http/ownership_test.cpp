// Resource-level rules R1–R9 of spec 01 §9.8 with real API keys: the owner team may, another
// team may not, an admin key always may.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;

namespace {

struct TwoTeams {
    SecuredServer secured;
    std::string owner = secured.createTeam("owner-team");
    std::string other = secured.createTeam("other-team");
    std::string ownerKey = secured.createKey(owner, R"(["read","write"])");
    std::string otherKey = secured.createKey(other, R"(["read","write"])");
    std::string adminKey = secured.createKey(other, R"(["admin"])");

    const HttpClient& http() const { return secured.http(); }

    HttpResult postAsset(const std::string& ownerTeam, const std::string& key) const {
        return http().post(
            "/api/v1/assets",
            R"({"fqn":")" + uniqueFqn() + R"(","owner_team_id":")" + ownerTeam + "\"}",
            bearer(key));
    }
    std::string asset() const {
        auto response = postAsset(owner, ownerKey);
        REQUIRE(response.status == 201);
        return str(response.json(), "id");
    }
    HttpResult publish(const std::string& assetId, const std::string& publisher,
                       const std::string& key) const {
        return http().post("/api/v1/assets/" + assetId + "/contracts?published_by=" + publisher,
                           R"({"schema":)" + objectSchema(R"("id":{"type":"integer"})") + "}",
                           bearer(key));
    }
};

void expectForbidden(const HttpResult& response, const std::string& code,
                     const std::string& message) {
    CHECK(response.status == 403);
    CHECK(errorCode(response.json()) == code);
    CHECK(errorMessage(response.json()) == message);
}

}  // namespace

TEST_CASE("R1–R3: assets belong to their owner team", "[http][ownership]") {
    TwoTeams t;
    expectForbidden(t.postAsset(t.owner, t.otherKey), "UNAUTHORIZED_TEAM",
                    "You can only create assets for teams you belong to");
    // R1 is checked before the owner team's existence.
    expectForbidden(t.postAsset("00000000-0000-0000-0000-000000000000", t.otherKey),
                    "UNAUTHORIZED_TEAM", "You can only create assets for teams you belong to");
    CHECK(t.postAsset(t.owner, t.adminKey).status == 201);

    const std::string asset = t.asset();
    const std::string path = "/api/v1/assets/" + asset;
    expectForbidden(t.http().patch(path, R"({"metadata":{"a":1}})", bearer(t.otherKey)),
                    "UNAUTHORIZED_TEAM", "You can only update assets belonging to your team");
    CHECK(t.http().patch(path, R"({"metadata":{"a":1}})", bearer(t.ownerKey)).status == 200);
    // R2 comes after the 404.
    CHECK(
        t.http()
            .patch("/api/v1/assets/00000000-0000-0000-0000-000000000000", "{}", bearer(t.otherKey))
            .status == 404);
    expectForbidden(t.http().del(path, bearer(t.otherKey)), "UNAUTHORIZED_TEAM",
                    "You can only delete assets belonging to your team");
    CHECK(t.http().del(path, bearer(t.ownerKey)).status == 204);
}

TEST_CASE("R4–R5: only the owner publishes, on its own behalf", "[http][ownership]") {
    TwoTeams t;
    const std::string asset = t.asset();
    expectForbidden(t.publish(asset, t.other, t.otherKey), "UNAUTHORIZED_TEAM",
                    "You can only publish contracts for assets belonging to your team");
    expectForbidden(t.publish(asset, t.other, t.ownerKey), "UNAUTHORIZED_TEAM",
                    "You can only publish contracts on behalf of your own team");
    CHECK(t.publish(asset, t.owner, t.ownerKey).status == 201);
    CHECK(t.publish(t.asset(), t.owner, t.adminKey).status == 201);
}

TEST_CASE("R7–R9: registrations belong to their consumer team", "[http][ownership]") {
    TwoTeams t;
    const std::string asset = t.asset();
    auto published = t.publish(asset, t.owner, t.ownerKey);
    REQUIRE(published.status == 201);
    const std::string contractId = str(published.json()["contract"], "id");
    const std::string path = "/api/v1/registrations?contract_id=" + contractId;

    expectForbidden(
        t.http().post(path, R"({"consumer_team_id":")" + t.owner + "\"}", bearer(t.otherKey)),
        "INSUFFICIENT_PERMISSIONS",
        "You can only register for contracts on behalf of your own team");
    auto registered =
        t.http().post(path, R"({"consumer_team_id":")" + t.other + "\"}", bearer(t.otherKey));
    REQUIRE(registered.status == 201);
    const std::string registration = "/api/v1/registrations/" + str(registered.json(), "id");

    expectForbidden(t.http().patch(registration, R"({"status":"migrating"})", bearer(t.ownerKey)),
                    "INSUFFICIENT_PERMISSIONS",
                    "You can only update registrations belonging to your team");
    CHECK(t.http().patch(registration, R"({"status":"migrating"})", bearer(t.otherKey)).status ==
          200);
    expectForbidden(t.http().del(registration, bearer(t.ownerKey)), "INSUFFICIENT_PERMISSIONS",
                    "You can only delete registrations belonging to your team");
    CHECK(t.http().del(registration, bearer(t.otherKey)).status == 204);
}
