// GET /metrics beyond the HTTP series (issue 18 item 7): the process_* metrics, the dependency
// index, the Postgres pool and the Redis breaker, read back through the official Prometheus
// client library's text parser (tests/tools/parse_prometheus.py), so a malformed exposition
// fails here and not in an operator's scraper.
#include <rapidjson/document.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/python_tools.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// Sample name (with sorted labels) → {family, type, value}, as the parser read the scrape.
struct Scrape {
    rapidjson::Document samples;

    bool has(const std::string& sample) const { return samples.HasMember(sample.c_str()); }
    double value(const std::string& sample) const {
        INFO(sample);
        REQUIRE(has(sample));
        return samples[sample.c_str()]["value"].GetDouble();
    }
    std::string type(const std::string& sample) const {
        INFO(sample);
        REQUIRE(has(sample));
        return samples[sample.c_str()]["type"].GetString();
    }
};

Scrape scrape(const HttpClient& http) {
    const auto response = http.get("/metrics");
    REQUIRE(response.status == 200);
    const ToolResult parsed = runPythonTool("parse_prometheus.py", response.body);
    INFO(response.body);
    INFO(parsed.errors);
    REQUIRE(parsed.status == 0);
    Scrape result;
    result.samples.Parse(parsed.output.c_str());
    REQUIRE(result.samples.IsObject());
    return result;
}

double now() {
    return static_cast<double>(std::time(nullptr));
}

}  // namespace

TEST_CASE("metrics: the parser rejects what Prometheus would", "[http][metrics]") {
    CHECK(runPythonTool("parse_prometheus.py", "# TYPE a gauge\na 1\n").status == 0);
    CHECK(runPythonTool("parse_prometheus.py", "# TYPE a gauge\na{x=\"1\" 3\n").status != 0);
    CHECK(runPythonTool("parse_prometheus.py", "# TYPE a gauge\na 1\na 2\n").status != 0);
}

TEST_CASE("metrics: process, index, pool and cache series", "[http][metrics]") {
    TestServer server(Env{{"DB_POOL_SIZE", "3"}, {"DB_MAX_OVERFLOW", "2"}});
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string upstream = createTestAsset(http, team);
    const std::string downstream = createTestAsset(http, team);
    dependsOn(http, downstream, upstream);
    const Scrape first = scrape(http);

    // process_*: the standard names and types, and plausible values.
    CHECK(first.type("process_cpu_seconds_total") == "counter");
    CHECK(first.value("process_cpu_seconds_total") >= 0);
    CHECK(first.type("process_resident_memory_bytes") == "gauge");
    CHECK(first.value("process_resident_memory_bytes") > 1e6);
    CHECK(first.value("process_virtual_memory_bytes") >=
          first.value("process_resident_memory_bytes"));
    CHECK(first.value("process_open_fds") >= 3);
    CHECK(first.value("process_open_fds") < first.value("process_max_fds"));
    CHECK(first.value("process_threads") >= 2);
    CHECK(first.value("process_start_time_seconds") > now() - 600);
    CHECK(first.value("process_start_time_seconds") <= now() + 1);

    // The index: what was just written, and how it got there.
    CHECK(first.value("tessera_index_assets") == 2);
    CHECK(first.value("tessera_index_edges") == 1);
    CHECK(first.value("tessera_index_registrations") == 0);
    CHECK(first.value("tessera_index_bytes") > 0);
    CHECK(first.value("tessera_index_generation") >= 3);  // team, two assets, one edge
    CHECK(first.value("tessera_index_last_build_duration_seconds") > 0);
    CHECK(first.type("tessera_index_rebuilds_total{cause=\"startup\"}") == "counter");
    CHECK(first.value("tessera_index_rebuilds_total{cause=\"startup\"}") == 1);
    for (const char* cause :
         {"listener_reconnect", "missed_notification", "generation_reset", "external_change"}) {
        CHECK(first.value("tessera_index_rebuilds_total{cause=\"" + std::string(cause) + "\"}") ==
              0);
    }

    // The pool: its size, nothing waiting, no errors, no 503s.
    CHECK(first.value("tessera_db_pool_max_connections") == 5);
    CHECK(first.value("tessera_db_pool_in_use") <= 1);  // at most the scrape's own
    CHECK(first.value("tessera_db_pool_idle") >= 1);
    CHECK(first.value("tessera_db_pool_waiting") == 0);
    for (const char* kind : {"connect", "timeout", "broken"}) {
        CHECK(first.value("tessera_db_pool_errors_total{kind=\"" + std::string(kind) + "\"}") == 0);
    }
    CHECK(first.type("tessera_db_unavailable_responses_total") == "counter");
    CHECK(first.value("tessera_db_unavailable_responses_total") == 0);

    // No REDIS_URL: the cache is off and its breaker closed.
    CHECK(first.value("tessera_redis_enabled") == 0);
    CHECK(first.value("tessera_redis_breaker_open") == 0);

    // Truncating behind the server's back is an external change: one rebuild of that cause,
    // after which the index is empty. The notification age is a recent one.
    execSql(server, "TRUNCATE core.dependencies, core.assets CASCADE");
    Scrape later = scrape(http);
    for (int i = 0; i < 100 && later.value("tessera_index_assets") != 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        later = scrape(http);
    }
    CHECK(later.value("tessera_index_assets") == 0);
    CHECK(later.value("tessera_index_rebuilds_total{cause=\"external_change\"}") >= 1);
    REQUIRE(later.has("tessera_index_last_notify_age_seconds"));
    CHECK(later.value("tessera_index_last_notify_age_seconds") >= 0);
    CHECK(later.value("tessera_index_last_notify_age_seconds") < 60);
    CHECK(later.value("process_cpu_seconds_total") >= first.value("process_cpu_seconds_total"));
}

TEST_CASE("metrics: the Redis breaker opens while Redis is unreachable", "[http][metrics]") {
    // A port nothing listens on: the first cached read trips the breaker.
    TestServer server(Env{{"REDIS_URL", "redis://127.0.0.1:1/0"}});
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    REQUIRE(http.get("/api/v1/assets/" + asset).status == 200);
    const Scrape scraped = scrape(http);
    CHECK(scraped.value("tessera_redis_enabled") == 1);
    CHECK(scraped.value("tessera_redis_breaker_open") == 1);
}
