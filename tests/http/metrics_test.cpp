// GET /metrics over HTTP: public, Prometheus text, and every request counted once by route
// template, method and status, including 401, 404, 405 and 429.
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;

namespace {

bool hasLine(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("GET /metrics reflects the requests made", "[http][metrics]") {
    SecuredServer secured({{"RATE_LIMIT_ENABLED", "true"}, {"RATE_LIMIT_READ", "2/minute"}});
    const auto& http = secured.http();
    const std::string team = secured.createTeam("metrics");
    const std::string reader = secured.createKey(team, R"(["read"])");

    REQUIRE(http.get("/health").status == 200);
    REQUIRE(http.get("/health").status == 200);
    REQUIRE(http.get("/api/v1/teams").status == 401);
    REQUIRE(http.get("/api/v1/teams/" + team, bearer(reader)).status == 200);
    REQUIRE(http.get("/api/v1/teams/" + team, bearer(reader)).status == 200);
    REQUIRE(http.get("/api/v1/teams/" + team, bearer(reader)).status == 429);
    REQUIRE(http.get("/no/such/path").status == 404);
    REQUIRE(http.del("/health").status == 405);

    auto response = http.get("/metrics");  // no credentials needed
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type") == "text/plain; version=0.0.4");
    const std::string& text = response.body;
    INFO(text);
    const std::string requests = "tessera_http_requests_total";
    CHECK(hasLine(text, requests + R"({method="GET",route="/health",status="200"} 2)"));
    CHECK(hasLine(text, requests + R"({method="GET",route="/api/v1/teams",status="401"} 1)"));
    // Ids never become labels: the route template does.
    CHECK(hasLine(text,
                  requests + R"({method="GET",route="/api/v1/teams/{team_id}",status="200"} 2)"));
    CHECK(hasLine(text,
                  requests + R"({method="GET",route="/api/v1/teams/{team_id}",status="429"} 1)"));
    CHECK(hasLine(text, requests + R"({method="GET",route="unmatched",status="404"} 1)"));
    CHECK(hasLine(text, requests + R"({method="DELETE",route="unmatched",status="405"} 1)"));
    CHECK(hasLine(text, requests + R"({method="POST",route="/api/v1/teams",status="201"} 1)"));
    CHECK(text.find(team) == std::string::npos);

    const std::string duration = "tessera_http_request_duration_seconds";
    CHECK(hasLine(text, duration + R"(_count{route="/health"} 2)"));
    CHECK(hasLine(text, duration + R"(_bucket{route="/health",le="+Inf"} 2)"));
    CHECK(hasLine(text, duration + R"(_count{route="/api/v1/teams/{team_id}"} 3)"));
    CHECK(text.find(duration + R"(_sum{route="/health"} )") != std::string::npos);

    // The scrape itself is counted once it has been answered.
    const std::string next = http.get("/metrics").body;
    CHECK(hasLine(next, requests + R"({method="GET",route="/metrics",status="200"} 1)"));
}
