// Rate limiting over HTTP (spec 01 §6 with 00-decisions). Windows are a minute long and the
// limits tiny, so nothing here waits for a window to pass.
#include "tests/support/catch.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;

TEST_CASE("the N+1th request in a window is 429 per key and route", "[http][ratelimit]") {
    SecuredServer secured({{"RATE_LIMIT_ENABLED", "true"}, {"RATE_LIMIT_READ", "3/minute"}});
    const auto& http = secured.http();
    const std::string teamId = secured.createTeam("limited");
    const std::string first = secured.createKey(teamId, R"(["read"])");
    const std::string second = secured.createKey(teamId, R"(["read"])");

    for (int i = 0; i < 3; ++i) REQUIRE(http.get("/api/v1/teams", bearer(first)).status == 200);
    auto refused = http.get("/api/v1/teams", bearer(first));
    CHECK(refused.status == 429);
    CHECK(
        refused.body ==
        R"({"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too Many Requests","detail":"3 per 1 minute"}})");
    const int retryAfter = std::stoi(refused.header("retry-after"));
    CHECK(retryAfter >= 1);
    CHECK(retryAfter <= 60);
    CHECK_FALSE(refused.header("x-request-id").empty());

    // Another key, and another route for the same key, have their own counters.
    CHECK(http.get("/api/v1/teams", bearer(second)).status == 200);
    CHECK(http.get("/api/v1/teams/" + teamId, bearer(first)).status == 200);

    // Invalid requests are not counted against the scope bucket (spec 01 §1.7 step 8).
    for (int i = 0; i < 5; ++i) {
        CHECK(http.get("/api/v1/teams?limit=0", bearer(second)).status == 422);
    }
    CHECK(http.get("/api/v1/teams", bearer(second)).status == 200);
}

TEST_CASE("the global limit applies per client address and route", "[http][ratelimit]") {
    TestServer server(Env{{"RATE_LIMIT_ENABLED", "true"}, {"RATE_LIMIT_GLOBAL", "4/minute"}});
    const auto& http = server.client();
    for (int i = 0; i < 4; ++i) REQUIRE(http.get("/health").status == 200);
    auto refused = http.get("/health");
    CHECK(refused.status == 429);
    CHECK(str(refused.json()["error"], "detail") == "4 per 1 minute");
    // Another route has a counter of its own (01 §6: the path is part of the identity).
    CHECK(http.get("/health/live").status == 200);
    // Unknown routes are not counted and still answer 404.
    CHECK(http.get("/nowhere").status == 404);
}

TEST_CASE("the method is not part of a counter: equal limits share it on a route",
          "[http][ratelimit]") {
    SecuredServer secured({{"RATE_LIMIT_ENABLED", "true"},
                           {"RATE_LIMIT_READ", "3/minute"},
                           {"RATE_LIMIT_WRITE", "3/minute"}});
    const auto& http = secured.http();
    const std::string teamId = secured.createTeam("shared-counter");
    const std::string key = secured.createKey(teamId, R"(["read","write"])");
    auto created =
        http.post("/api/v1/assets",
                  R"({"fqn":"wh.limits.shared","owner_team_id":")" + teamId + "\"}", bearer(key));
    REQUIRE(created.status == 201);
    const std::string path = "/api/v1/assets/" + str(created.json(), "id");
    REQUIRE(http.get(path, bearer(key)).status == 200);
    REQUIRE(http.get(path, bearer(key)).status == 200);
    REQUIRE(http.patch(path, R"({"metadata":{"n":1}})", bearer(key)).status == 200);
    CHECK(http.get(path, bearer(key)).status == 429);
}

TEST_CASE("disabled rate limiting never answers 429", "[http][ratelimit]") {
    TestServer server(Env{{"RATE_LIMIT_ENABLED", "false"}, {"RATE_LIMIT_GLOBAL", "1/minute"}});
    for (int i = 0; i < 5; ++i) CHECK(server.client().get("/health").status == 200);
}

TEST_CASE("a malformed limit stops start-up naming the variable", "[http][ratelimit]") {
    CHECK_THROWS_WITH(TestServer(Env{{"RATE_LIMIT_WRITE", "lots"}}),
                      textContains("RATE_LIMIT_WRITE"));
}
