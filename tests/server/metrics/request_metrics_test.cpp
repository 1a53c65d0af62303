// The per-request HTTP metrics (server/metrics/request_metrics), without a server.
#include "server/metrics/request_metrics.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

using namespace tessera::server;

namespace {

bool hasLine(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

HttpResponse noop(RequestContext&) {
    return {};
}

}  // namespace

TEST_CASE("HTTP metrics: per route template, method and status; unmatched requests", "[metrics]") {
    const std::vector<Route> routes = {
        {"GET", "/api/v1/assets/{asset_id}", AuthRequirement::Read, RateBucket::Read,
         BodyKind::None, noop},
        {"PATCH", "/api/v1/assets/{asset_id}", AuthRequirement::Write, RateBucket::Write,
         BodyKind::Json, noop},
    };
    MetricsRegistry registry;
    HttpRequestMetrics metrics(registry, routes);
    metrics.record(&routes[0], "GET", 200, 0.002);
    metrics.record(&routes[0], "GET", 200, 0.004);
    metrics.record(&routes[0], "GET", 404, 0.001);
    metrics.record(&routes[1], "PATCH", 401, 0.0001);
    metrics.record(nullptr, "GET", 404, 0.0001);
    metrics.record(nullptr, "BREW", 405, 0.0001);

    const std::string text = registry.render();
    INFO(text);
    const std::string requests = "tessera_http_requests_total";
    CHECK(hasLine(text,
                  requests + R"({method="GET",route="/api/v1/assets/{asset_id}",status="200"} 2)"));
    CHECK(hasLine(text,
                  requests + R"({method="GET",route="/api/v1/assets/{asset_id}",status="404"} 1)"));
    CHECK(hasLine(
        text, requests + R"({method="PATCH",route="/api/v1/assets/{asset_id}",status="401"} 1)"));
    CHECK(hasLine(text, requests + R"({method="GET",route="unmatched",status="404"} 1)"));
    CHECK(hasLine(text, requests + R"({method="OTHER",route="unmatched",status="405"} 1)"));
    // One histogram per template, shared by its methods.
    const std::string duration = "tessera_http_request_duration_seconds";
    CHECK(hasLine(text, duration + R"(_count{route="/api/v1/assets/{asset_id}"} 4)"));
    CHECK(hasLine(text, duration + R"(_bucket{route="/api/v1/assets/{asset_id}",le="0.001"} 2)"));
    CHECK(hasLine(text, duration + R"(_bucket{route="/api/v1/assets/{asset_id}",le="0.005"} 4)"));
    CHECK(hasLine(text, duration + R"(_count{route="unmatched"} 2)"));
    CHECK(hasLine(text, "# TYPE " + duration + " histogram"));
    CHECK(hasLine(text, "# TYPE " + requests + " counter"));
    CHECK(hasLine(text, duration + R"(_bucket{route="unmatched",le="0.0005"} 2)"));
}

TEST_CASE("HTTP metrics: routes never requested are not exposed", "[metrics]") {
    const std::vector<Route> routes = {
        {"GET", "/health", AuthRequirement::None, RateBucket::None, BodyKind::None, noop},
        {"GET", "/health/live", AuthRequirement::None, RateBucket::None, BodyKind::None, noop},
    };
    MetricsRegistry registry;
    HttpRequestMetrics metrics(registry, routes);
    CHECK(registry.render().empty());
    metrics.record(&routes[1], "GET", 200, 0.001);
    const std::string text = registry.render();
    CHECK(text.find("route=\"/health/live\"") != std::string::npos);
    CHECK(text.find("route=\"/health\"") == std::string::npos);
}
