// Postgres goes away while the server runs: requests get 503 (never a crash), and once it is
// back requests succeed without restarting the server.
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

TEST_CASE("a Postgres outage is 503 and the server recovers", "[http][outage]") {
    TestServer server;
    const auto& http = server.client();
    REQUIRE(http.post("/api/v1/teams", R"({"name":"before-outage"})").status == 201);

    scratchPostgres("stop");
    auto during = http.get("/api/v1/teams");
    auto ready = http.get("/health/ready");
    auto live = http.get("/health");
    scratchPostgres("start");

    CHECK(during.status == 503);
    CHECK(errorCode(during.json()) == "SERVICE_UNAVAILABLE");
    CHECK(ready.status == 503);
    CHECK(str(ready.json(), "status") == "not_ready");
    CHECK(ready.json()["database"].IsFalse());
    CHECK(live.status == 200);

    auto after = http.get("/api/v1/teams");
    CHECK(after.status == 200);
    CHECK(num(after.json()["total"]) == 1);
    CHECK(http.get("/health/ready").status == 200);
    CHECK(http.post("/api/v1/teams", R"({"name":"after-outage"})").status == 201);
}
