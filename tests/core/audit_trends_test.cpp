// Audit trends (spec 04 §2.4): windows, failure rates, most-failed guarantees, alerts.
#include "core/audit_trends.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;

constexpr int64_t kNow = int64_t{1'750'000'000} * 1'000'000;
constexpr int64_t kHour = kMicrosPerHour;

AuditRunSample run(const std::string& status, int64_t hoursAgo,
                   std::vector<std::string> failed = {}) {
    return AuditRunSample{status, kNow - hoursAgo * kHour, std::move(failed)};
}

}  // namespace

TEST_CASE("P(x) rounds half to even like Python", "[audit_trends]") {
    CHECK(percentText(0.75) == "75%");
    CHECK(percentText(0.125) == "12%");
    CHECK(percentText(0.375) == "38%");
    CHECK(percentText(0.625) == "62%");
    CHECK(percentText(2.0 / 3.0) == "67%");
    CHECK(percentText(0.6) == "60%");
    CHECK(percentText(0.2) == "20%");
    CHECK(percentText(0.005) == "0%");
    CHECK(percentText(0.015) == "2%");
    CHECK(percentText(0.285) == "28%");
    CHECK(percentText(0.555) == "56%");
    CHECK(percentText(1.0) == "100%");
    CHECK(percentText(0.0) == "0%");
}

TEST_CASE("no runs: empty periods, no alerts", "[audit_trends]") {
    const AuditTrends trends = computeAuditTrends({}, kNow);
    CHECK(trends.last30d.totalRuns == 0);
    CHECK(trends.last30d.failureRate == 0.0);
    CHECK(trends.last30d.mostFailedGuarantees.empty());
    CHECK(trends.alerts.empty());
}

TEST_CASE("windows: 24h, 7d, 30d; older runs ignored; future runs count", "[audit_trends]") {
    const std::vector<AuditRunSample> runs = {
        run("passed", -5),           // future-dated
        run("failed", 1),            // 24h
        run("partial", 23),          // 24h
        run("passed", 25),           // 7d
        run("failed", 24 * 7 - 1),   // 7d
        run("passed", 24 * 7 + 1),   // 30d
        run("failed", 24 * 30 - 1),  // 30d
        run("failed", 24 * 30 + 1),  // outside
    };
    const AuditTrends trends = computeAuditTrends(runs, kNow);
    CHECK(trends.last24h.totalRuns == 3);
    CHECK(trends.last24h.passed == 1);
    CHECK(trends.last24h.failed == 1);
    CHECK(trends.last24h.partial == 1);
    CHECK(trends.last24h.failureRate == 2.0 / 3.0);
    CHECK(trends.last7d.totalRuns == 5);
    CHECK(trends.last7d.failureRate == 0.6);
    CHECK(trends.last30d.totalRuns == 7);
    CHECK(trends.last30d.failed == 3);
    // Alert 1 needs a rate above 0.5 and 3 runs: 67% of 3.
    REQUIRE(trends.alerts.size() == 1);
    CHECK(trends.alerts[0] == "High failure rate in last 24h: 67% (2/3 runs failed)");
}

TEST_CASE("a boundary run exactly 24h old is in the 24h window", "[audit_trends]") {
    const AuditTrends trends = computeAuditTrends({run("passed", 24)}, kNow);
    CHECK(trends.last24h.totalRuns == 1);
}

TEST_CASE("most failed guarantees: counts, ties in first-encountered order, top 10",
          "[audit_trends]") {
    std::vector<AuditRunSample> runs = {
        run("failed", 1, {"b", "a"}),
        run("failed", 2, {"a", "c"}),
        run("failed", 3, {"d", "b"}),
    };
    // 11 more distinct guarantees failing once, older.
    std::vector<std::string> many;
    for (int i = 0; i < 11; ++i) many.push_back(std::string("g").append(std::to_string(i)));
    runs.push_back(run("failed", 4, many));
    const AuditTrends trends = computeAuditTrends(runs, kNow);
    const auto& top = trends.last24h.mostFailedGuarantees;
    REQUIRE(top.size() == 10);
    CHECK(top[0].guaranteeId == "b");  // 2, encountered first
    CHECK(top[0].failureCount == 2);
    CHECK(top[1].guaranteeId == "a");
    CHECK(top[1].failureCount == 2);
    CHECK(top[2].guaranteeId == "c");
    CHECK(top[3].guaranteeId == "d");
    CHECK(top[4].guaranteeId == "g0");
    CHECK(top[9].guaranteeId == "g5");
}

TEST_CASE("alert 2: failure rate trending up", "[audit_trends]") {
    // 7d: 3 of 5 failed (60%); 30d: 3 of 15 (20%); 60% > 1.5 * 20%. The newest run passed.
    auto runs = [](int oldPassed) {
        std::vector<AuditRunSample> list;
        for (int i = 0; i < 2; ++i) list.push_back(run("passed", 40 + i));
        for (int i = 0; i < 3; ++i) list.push_back(run("failed", 48 + i));
        for (int i = 0; i < oldPassed; ++i) list.push_back(run("passed", 24 * 10 + i));
        return list;
    };
    const AuditTrends trends = computeAuditTrends(runs(10), kNow);
    REQUIRE(trends.alerts.size() == 1);
    CHECK(trends.alerts[0] == "Failure rate trending up: 60% (7d) vs 20% (30d)");

    // Fewer than 10 runs in 30 days: no alert, however steep the trend.
    CHECK(computeAuditTrends(runs(4), kNow).alerts.empty());
    // Not more than 1.5 times the 30-day rate: 60% vs 40% (3 of 5 vs 4 of 10).
    auto even = runs(4);
    even.push_back(run("failed", 24 * 20));
    CHECK(computeAuditTrends(even, kNow).alerts.empty());
}

TEST_CASE("alert 3: a guarantee failing 5 times in 7 days", "[audit_trends]") {
    std::vector<AuditRunSample> runs;
    for (int i = 0; i < 4; ++i) runs.push_back(run("passed", 30 + i, {"row_count"}));
    runs.push_back(run("passed", 24 * 8, {"row_count"}));  // outside 7 days
    CHECK(computeAuditTrends(runs, kNow).alerts.empty());
    runs.insert(runs.begin(), run("passed", 26, {"row_count", "row_count"}));
    const AuditTrends trends = computeAuditTrends(runs, kNow);
    REQUIRE(trends.alerts.size() == 1);
    CHECK(trends.alerts[0] == "Guarantee 'row_count' failed 6 times in last 7 days");
}

TEST_CASE("alert 4 and the order of all four", "[audit_trends]") {
    CHECK(computeAuditTrends({run("partial", 1)}, kNow).alerts.empty());
    CHECK(computeAuditTrends({run("failed", 24 * 31)}, kNow).alerts.empty());
    REQUIRE(
        computeAuditTrends({run("failed", 24 * 20), run("passed", 24 * 21)}, kNow).alerts.size() ==
        1);

    std::vector<AuditRunSample> runs;
    for (int i = 0; i < 5; ++i) runs.push_back(run("failed", 1 + i, {"fresh"}));
    for (int i = 0; i < 10; ++i) runs.push_back(run("passed", 24 * 10 + i));
    const AuditTrends trends = computeAuditTrends(runs, kNow);
    REQUIRE(trends.alerts.size() == 4);
    CHECK(trends.alerts[0] == "High failure rate in last 24h: 100% (5/5 runs failed)");
    CHECK(trends.alerts[1] == "Failure rate trending up: 100% (7d) vs 33% (30d)");
    CHECK(trends.alerts[2] == "Guarantee 'fresh' failed 5 times in last 7 days");
    CHECK(trends.alerts[3] == "Most recent audit run failed");
}
