// /api/v1/registrations end to end (spec 02 §8), as admin (AUTH_DISABLED): the ownership rules
// R7–R9 are exercised with real API keys in the auth tests.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

const std::string kUnknownId = "00000000-0000-0000-0000-000000000000";
const char* kRegistrationKeys =
    "id,contract_id,consumer_team_id,pinned_version,status,registered_at,acknowledged_at";

struct Setup {
    std::string producer;
    std::string consumer;
    std::string asset;
    std::string contract;
};

Setup publishedContract() {
    const auto& http = sharedServer().client();
    Setup s;
    s.producer = createTestTeam(http);
    s.consumer = createTestTeam(http);
    s.asset = createTestAsset(http, s.producer);
    s.contract =
        publishContract(http, s.asset, s.producer, objectSchema(R"("id":{"type":"integer"})"));
    return s;
}

HttpResult postRegistration(const std::string& contractId, const std::string& body) {
    return sharedServer().client().post("/api/v1/registrations?contract_id=" + contractId, body);
}

}  // namespace

TEST_CASE("register a consumer: 201 Registration", "[http][registrations]") {
    const Setup s = publishedContract();
    auto response = postRegistration(
        s.contract, R"({"consumer_team_id":")" + s.consumer + R"(","pinned_version":"1.0.0"})");
    REQUIRE(response.status == 201);
    auto body = response.json();
    CHECK(keys(body) == kRegistrationKeys);
    CHECK(str(body, "contract_id") == s.contract);
    CHECK(str(body, "consumer_team_id") == s.consumer);
    CHECK(str(body, "pinned_version") == "1.0.0");
    CHECK(str(body, "status") == "active");
    CHECK(str(body, "registered_at").back() == 'Z');
    CHECK(body["acknowledged_at"].IsNull());

    // Duplicates are allowed (spec 02 §11 R1); each create leaves one audit event (issue 3).
    auto again = postRegistration(s.contract, R"({"consumer_team_id":")" + s.consumer + "\"}");
    REQUIRE(again.status == 201);
    CHECK(again.json()["pinned_version"].IsNull());
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM audit.events WHERE entity_id = $1"
                    " AND action = 'registration.created'",
                    str(again.json(), "id")) == 1);

    // A deprecated contract still accepts registrations.
    const auto& http = sharedServer().client();
    publishContract(http, s.asset, s.producer,
                    objectSchema(R"("id":{"type":"integer"},"x":{"type":"string"})"));
    REQUIRE(str(http.get("/api/v1/contracts/" + s.contract).json(), "status") == "deprecated");
    CHECK(postRegistration(s.contract, R"({"consumer_team_id":")" + s.consumer + "\"}").status ==
          201);
}

TEST_CASE("register errors", "[http][registrations]") {
    const auto& http = sharedServer().client();
    const Setup s = publishedContract();
    const std::string body = R"({"consumer_team_id":")" + s.consumer + "\"}";

    const RowCounts rows(sharedServer());
    auto noContract = http.post("/api/v1/registrations", body);
    CHECK(rejection(noContract) == "422 missing");
    CHECK(text(noContract.json()["detail"][0]["loc"][0]) == "query");
    CHECK(rejection(postRegistration("bad", body)) == "422 uuid_parsing");
    CHECK(rejection(postRegistration(s.contract, "{}")) == "422 missing");
    CHECK(rejection(postRegistration(s.contract, "")) == "422 missing");
    for (const std::string pin : {"1.0", "1.0.0-rc1", "v1.0.0", "1.0.0+b"}) {
        auto bad = postRegistration(s.contract, R"({"consumer_team_id":")" + s.consumer +
                                                    R"(","pinned_version":")" + pin + "\"}");
        CHECK(rejection(bad) == "422 string_pattern_mismatch");
    }
    // Longer than the column: 422, not a database error.
    CHECK(rejection(postRegistration(
              s.contract, R"({"consumer_team_id":")" + s.consumer + R"(","pinned_version":")" +
                              std::string(60, '1') + ".0.0\"}")) == "422 string_too_long");

    auto unknownContract = postRegistration(kUnknownId, body);
    CHECK(rejection(unknownContract) == "404 CONTRACT_NOT_FOUND");
    CHECK(errorMessage(unknownContract.json()) == "Contract not found");

    // The original failed on the foreign key here; 404 is the hardening of spec 02 §8.1.
    auto unknownTeam =
        postRegistration(s.contract, R"({"consumer_team_id":")" + kUnknownId + "\"}");
    CHECK(rejection(unknownTeam) == "404 TEAM_NOT_FOUND");
    CHECK(errorMessage(unknownTeam.json()) == "Consumer team not found");
    CHECK(rows.changes() == "");
}

TEST_CASE("list, get, update and delete registrations", "[http][registrations]") {
    const auto& http = sharedServer().client();
    const Setup s = publishedContract();
    const std::string other = createTestTeam(http);
    const std::string first = registerConsumer(http, s.contract, s.consumer);
    const std::string second = registerConsumer(http, s.contract, other);

    SECTION("list with filters, newest first") {
        auto list = http.get("/api/v1/registrations?contract_id=" + s.contract);
        REQUIRE(list.status == 200);
        auto body = list.json();
        CHECK(keys(body) == "results,total,limit,offset");
        CHECK(num(body["total"]) == 2);
        CHECK(keys(body["results"][0]) == kRegistrationKeys);
        CHECK(str(body["results"][0], "id") == second);
        CHECK(str(body["results"][1], "id") == first);
        auto mine = http.get("/api/v1/registrations?consumer_team_id=" + s.consumer).json();
        CHECK(num(mine["total"]) == 1);
        CHECK(str(mine["results"][0], "id") == first);
        REQUIRE(http.patch("/api/v1/registrations/" + first, R"({"status":"migrating"})").status ==
                200);
        CHECK(num(http.get("/api/v1/registrations?contract_id=" + s.contract + "&status=migrating")
                      .json()["total"]) == 1);
        CHECK(http.get("/api/v1/registrations?status=paused").status == 422);
        CHECK(http.get("/api/v1/registrations?consumer_team_id=x").status == 422);
        CHECK(http.get("/api/v1/registrations?limit=500").status == 422);
    }
    SECTION("get") {
        auto got = http.get("/api/v1/registrations/" + first);
        REQUIRE(got.status == 200);
        CHECK(keys(got.json()) == kRegistrationKeys);
        auto unknown = http.get("/api/v1/registrations/" + kUnknownId);
        CHECK(unknown.status == 404);
        CHECK(errorCode(unknown.json()) == "REGISTRATION_NOT_FOUND");
        CHECK(errorMessage(unknown.json()) == "Registration not found");
    }
    SECTION("update: partial, null leaves unchanged, pin validated") {
        const std::string path = "/api/v1/registrations/" + first;
        auto pinned = http.patch(path, R"({"pinned_version":"2.1.0"})");
        REQUIRE(pinned.status == 200);
        CHECK(keys(pinned.json()) == kRegistrationKeys);
        CHECK(str(pinned.json(), "pinned_version") == "2.1.0");
        CHECK(str(pinned.json(), "status") == "active");
        auto status = http.patch(path, R"({"pinned_version":null,"status":"inactive"})");
        REQUIRE(status.status == 200);
        CHECK(str(status.json(), "pinned_version") == "2.1.0");
        CHECK(str(status.json(), "status") == "inactive");
        // The original saved any pin and then failed with 500 (spec 02 §11 R2): 422 here.
        const std::string before = http.get(path).body;
        const RowCounts rows(sharedServer());
        CHECK(rejection(http.patch(path, R"({"pinned_version":"latest"})")) ==
              "422 string_pattern_mismatch");
        CHECK(rejection(http.patch(path, R"({"pinned_version":"3.0.0","status":"paused"})")) ==
              "422 enum");
        CHECK(rejection(http.patch(path, "")) == "422 missing");
        CHECK(rejection(http.patch("/api/v1/registrations/" + kUnknownId, "{}")) ==
              "404 REGISTRATION_NOT_FOUND");
        CHECK(http.get(path).body == before);
        CHECK(rows.changes() == "");
    }
    SECTION("delete: hard delete, 204") {
        auto deleted = http.del("/api/v1/registrations/" + first);
        CHECK(deleted.status == 204);
        CHECK(deleted.body.empty());
        CHECK(http.get("/api/v1/registrations/" + first).status == 404);
        auto again = http.del("/api/v1/registrations/" + first);
        CHECK(again.status == 404);
        CHECK(errorCode(again.json()) == "REGISTRATION_NOT_FOUND");
    }
}
