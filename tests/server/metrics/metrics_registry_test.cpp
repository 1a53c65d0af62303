// The metrics registry and its Prometheus text (server/metrics/metrics_registry).
#include "server/metrics/metrics_registry.hpp"

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/catch.hpp"

using namespace tessera::server;

namespace {

bool hasLine(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("counters: one per name and labels, stable references", "[metrics]") {
    MetricsRegistry registry;
    Counter& hits = registry.counter("tessera_cache_requests_total", {{"result", "hit"}});
    Counter& again = registry.counter("tessera_cache_requests_total", {{"result", "hit"}});
    Counter& misses = registry.counter("tessera_cache_requests_total", {{"result", "miss"}});
    CHECK(&hits == &again);
    CHECK(&hits != &misses);
    hits.increment();
    again.increment(2);
    CHECK(hits.value() == 3);
    CHECK(misses.value() == 0);
}

TEST_CASE("counters add up across threads", "[metrics]") {
    MetricsRegistry registry;
    Counter& counter = registry.counter("tessera_test_total");
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100000; ++i) counter.increment();
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(counter.value() == 800000);
}

TEST_CASE("text exposition format 0.0.4", "[metrics]") {
    MetricsRegistry registry;
    registry.counter("tessera_cache_requests_total", {{"result", "miss"}}, "Cache lookups.")
        .increment();
    registry.counter("tessera_cache_requests_total", {{"result", "hit"}}).increment(2);
    registry.counter("tessera_a_total").increment(7);
    Histogram& latency =
        registry.histogram("tessera_latency_seconds", {{"route", "/x"}}, {0.005, 0.1, 1.0});
    latency.observe(0.001);
    latency.observe(0.005);  // bounds are inclusive
    latency.observe(0.5);
    latency.observe(30.0);

    const std::string text = registry.render();
    INFO(text);
    // Families by name; series by labels; HELP only when given.
    CHECK(text ==
          "# TYPE tessera_a_total counter\n"
          "tessera_a_total 7\n"
          "# HELP tessera_cache_requests_total Cache lookups.\n"
          "# TYPE tessera_cache_requests_total counter\n"
          "tessera_cache_requests_total{result=\"hit\"} 2\n"
          "tessera_cache_requests_total{result=\"miss\"} 1\n"
          "# TYPE tessera_latency_seconds histogram\n"
          "tessera_latency_seconds_bucket{route=\"/x\",le=\"0.005\"} 2\n"
          "tessera_latency_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n"
          "tessera_latency_seconds_bucket{route=\"/x\",le=\"1\"} 3\n"
          "tessera_latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"
          "tessera_latency_seconds_sum{route=\"/x\"} 30.506\n"
          "tessera_latency_seconds_count{route=\"/x\"} 4\n");
}

TEST_CASE("label values and help text are escaped", "[metrics]") {
    MetricsRegistry registry;
    registry.counter("tessera_odd_total", {{"path", "a\"b\\c\nd"}}, "Line one\nline \\two")
        .increment();
    const std::string text = registry.render();
    CHECK(hasLine(text, R"(# HELP tessera_odd_total Line one\nline \\two)"));
    CHECK(hasLine(text, R"(tessera_odd_total{path="a\"b\\c\nd"} 1)"));
}

TEST_CASE("misuse is refused", "[metrics]") {
    MetricsRegistry registry;
    registry.counter("tessera_x_total");
    CHECK_THROWS_AS(registry.histogram("tessera_x_total", {}, {1.0}), std::invalid_argument);
    CHECK_THROWS_AS(registry.counter("bad name"), std::invalid_argument);
    CHECK_THROWS_AS(registry.counter("9lives"), std::invalid_argument);
    CHECK_THROWS_AS(registry.counter("tessera_y_total", {{"bad-label", "v"}}),
                    std::invalid_argument);
    CHECK_THROWS_AS(registry.histogram("tessera_h", {{"le", "1"}}, {1.0}), std::invalid_argument);
    CHECK_THROWS_AS(registry.histogram("tessera_h", {}, {2.0, 1.0}), std::invalid_argument);
    CHECK_NOTHROW(registry.counter("tessera:colon_total"));
}

TEST_CASE("sample values: shortest round-trip text", "[metrics]") {
    CHECK(formatMetricValue(0.005) == "0.005");
    CHECK(formatMetricValue(0.0005) == "0.0005");
    CHECK(formatMetricValue(0.00005) == "5e-05");
    CHECK(formatMetricValue(1e6) == "1e+06");
    CHECK(formatMetricValue(30.506) == "30.506");
    CHECK(formatMetricValue(1.0) == "1");
    CHECK(formatMetricValue(2.5) == "2.5");
    CHECK(formatMetricValue(10.0) == "10");
    CHECK(formatMetricValue(0.0) == "0");
    CHECK(formatMetricValue(1.0 / 0.0) == "+Inf");
    CHECK(formatMetricValue(-1.0 / 0.0) == "-Inf");
}
