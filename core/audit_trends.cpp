#include "core/audit_trends.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace tessera::core {
namespace {

AuditTrendPeriod summarize(const std::vector<AuditRunSample>& runs, int64_t since) {
    AuditTrendPeriod period;
    std::vector<GuaranteeFailureCount> counts;  // first-encountered order
    std::unordered_map<std::string, size_t> position;
    for (const AuditRunSample& run : runs) {
        if (run.runAt < since) continue;
        ++period.totalRuns;
        if (run.status == "passed") {
            ++period.passed;
        } else if (run.status == "failed") {
            ++period.failed;
        } else if (run.status == "partial") {
            ++period.partial;
        }
        for (const std::string& id : run.failedGuarantees) {
            auto [it, inserted] = position.try_emplace(id, counts.size());
            if (inserted) counts.push_back({id, 0});
            ++counts[it->second].failureCount;
        }
    }
    if (period.totalRuns > 0) {
        period.failureRate = static_cast<double>(period.failed + period.partial) /
                             static_cast<double>(period.totalRuns);
    }
    // Stable: equal counts keep their first-encountered order (Counter.most_common).
    std::stable_sort(counts.begin(), counts.end(),
                     [](const GuaranteeFailureCount& a, const GuaranteeFailureCount& b) {
                         return a.failureCount > b.failureCount;
                     });
    if (counts.size() > kMostFailedGuaranteesLimit) counts.resize(kMostFailedGuaranteesLimit);
    period.mostFailedGuarantees = std::move(counts);
    return period;
}

}  // namespace

std::string percentText(double rate) {
    // printf rounds the exact binary value half to even, as Python's format and round() do.
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", rate * 100.0);
    return buffer;
}

AuditTrends computeAuditTrends(const std::vector<AuditRunSample>& runs, int64_t nowMicros) {
    AuditTrends trends;
    trends.last24h = summarize(runs, nowMicros - kTrendWindow24h);
    trends.last7d = summarize(runs, nowMicros - kTrendWindow7d);
    trends.last30d = summarize(runs, nowMicros - kTrendWindow30d);

    const AuditTrendPeriod& day = trends.last24h;
    if (day.failureRate > 0.5 && day.totalRuns >= 3) {
        trends.alerts.push_back("High failure rate in last 24h: " + percentText(day.failureRate) +
                                " (" + std::to_string(day.failed + day.partial) + "/" +
                                std::to_string(day.totalRuns) + " runs failed)");
    }
    const AuditTrendPeriod& week = trends.last7d;
    const AuditTrendPeriod& month = trends.last30d;
    if (week.totalRuns >= 5 && month.totalRuns >= 10 &&
        week.failureRate > month.failureRate * 1.5) {
        trends.alerts.push_back("Failure rate trending up: " + percentText(week.failureRate) +
                                " (7d) vs " + percentText(month.failureRate) + " (30d)");
    }
    if (!week.mostFailedGuarantees.empty() && week.mostFailedGuarantees.front().failureCount >= 5) {
        const GuaranteeFailureCount& top = week.mostFailedGuarantees.front();
        trends.alerts.push_back("Guarantee '" + top.guaranteeId + "' failed " +
                                std::to_string(top.failureCount) + " times in last 7 days");
    }
    // The newest run of the 30-day window.
    for (const AuditRunSample& run : runs) {
        if (run.runAt < nowMicros - kTrendWindow30d) continue;
        if (run.status == "failed") trends.alerts.push_back("Most recent audit run failed");
        break;
    }
    return trends;
}

}  // namespace tessera::core
