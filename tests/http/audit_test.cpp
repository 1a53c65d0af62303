// The audit log: one event per write, none for a failed write, and the query API (04 §1.4).
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

TEST_CASE("each write leaves exactly one event; a failed write leaves none", "[http][audit]") {
    TestServer server;
    const auto& http = server.client();
    auto team = http.post("/api/v1/teams", R"({"name":"audited"})");
    REQUIRE(team.status == 201);
    const std::string teamId = str(team.json(), "id");
    REQUIRE(http.post("/api/v1/teams", R"({"name":"audited"})").status == 409);
    REQUIRE(http.patch("/api/v1/teams/" + teamId, R"({"metadata":{"x":1}})").status == 200);
    auto key = http.post("/api/v1/api-keys", R"({"name":"k","team_id":")" + teamId + R"("})");
    REQUIRE(key.status == 201);
    const std::string keyId = str(key.json(), "id");

    auto all = http.get("/api/v1/audit/events").json();
    CHECK(num(all["total"]) == 3);  // team.created, team.updated, api_key.created
    CHECK(keys(all) == "results,total,limit,offset");
    CHECK(num(all["limit"]) == 50);
    const auto& newest = all["results"][0];
    CHECK(keys(newest) == "id,entity_type,entity_id,action,actor_id,payload,occurred_at");
    CHECK(str(newest, "action") == "api_key.created");
    CHECK(str(newest["payload"], "team_id") == teamId);
    CHECK(newest["payload"]["scopes"].Size() == 2);
    // The payload's keys in the spec's order (04 §1.2), though jsonb stores them sorted.
    CHECK(keys(newest["payload"]) == "name,team_id,scopes");
    CHECK(str(newest, "actor_id") == teamId);  // AUTH_DISABLED acts as the first team

    auto created = http.get("/api/v1/audit/events?action=team.created").json();
    REQUIRE(num(created["total"]) == 1);
    CHECK(str(created["results"][0], "entity_id") == teamId);
    CHECK(num(http.get("/api/v1/audit/events?entity_type=api_key").json()["total"]) == 1);
    CHECK(num(http.get("/api/v1/audit/events?entity_type=").json()["total"]) == 3);
    CHECK(num(http.get("/api/v1/audit/events?entity_id=" + keyId).json()["total"]) == 1);
    // The first team was created before any team existed: its actor is the transient team.
    CHECK(num(http.get("/api/v1/audit/events?actor_id=" + teamId).json()["total"]) == 2);
    CHECK(num(http.get("/api/v1/audit/events?from=2000-01-01&to=2999-01-01").json()["total"]) == 3);
    CHECK(num(http.get("/api/v1/audit/events?to=2000-01-01T00:00:00Z").json()["total"]) == 0);
    CHECK(http.get("/api/v1/audit/events?from=yesterday").status == 422);
    // Epoch seconds past year 9999 (found by the fuzz driver: a Postgres range error, a 500).
    const auto farFuture = http.get("/api/v1/audit/events?to=18446744073709551616");
    CHECK(farFuture.status == 422);
    CHECK(farFuture.body.find("dates after 9999 are not supported as unix timestamps") !=
          std::string::npos);
    CHECK(http.get("/api/v1/audit/events?limit=101").status == 422);
    CHECK(http.get("/api/v1/audit/events?entity_id=nope").status == 422);

    auto page = http.get("/api/v1/audit/events?limit=1&offset=1").json();
    REQUIRE(page["results"].Size() == 1);
    CHECK(str(page["results"][0], "action") == "team.updated");

    const std::string eventId = str(newest, "id");
    auto one = http.get("/api/v1/audit/events/" + eventId);
    CHECK(one.status == 200);
    CHECK(str(one.json(), "id") == eventId);
    const std::string unknown = "00000000-0000-0000-0000-000000000000";
    auto missing = http.get("/api/v1/audit/events/" + unknown);
    CHECK(missing.status == 404);
    CHECK(errorCode(missing.json()) == "NOT_FOUND");
    CHECK(errorMessage(missing.json()) == "Audit event with ID '" + unknown + "' not found");

    auto history = http.get("/api/v1/audit/entities/team/" + teamId + "/history").json();
    CHECK(num(history["total"]) == 2);
    CHECK(str(history["results"][0], "action") == "team.updated");
    CHECK(num(http.get("/api/v1/audit/entities/team/" + unknown + "/history").json()["total"]) ==
          0);

    // Revocation is recorded on every call, repeats included.
    REQUIRE(http.del("/api/v1/api-keys/" + keyId).status == 200);
    REQUIRE(http.del("/api/v1/api-keys/" + keyId).status == 200);
    CHECK(num(http.get("/api/v1/audit/events?action=api_key.revoked").json()["total"]) == 2);
}
