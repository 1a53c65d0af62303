// The audit-trends summary of an asset's WAP runs (spec 04 §2.4): fixed 24-hour, 7-day and
// 30-day windows, per-window counts, failure rate and most-failed guarantees, and the four
// alerts. Pure: the caller loads the runs and says what time it is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tessera::core {

inline constexpr int64_t kMicrosPerHour = int64_t{3600} * 1000 * 1000;
inline constexpr int64_t kTrendWindow24h = 24 * kMicrosPerHour;
inline constexpr int64_t kTrendWindow7d = 7 * 24 * kMicrosPerHour;
inline constexpr int64_t kTrendWindow30d = 30 * 24 * kMicrosPerHour;
inline constexpr size_t kMostFailedGuaranteesLimit = 10;

// One run as the trends read it.
struct AuditRunSample {
    std::string status;                         // passed / failed / partial
    int64_t runAt = 0;                          // epoch microseconds
    std::vector<std::string> failedGuarantees;  // core::failedGuaranteeIds of its details
};

struct GuaranteeFailureCount {
    std::string guaranteeId;
    int64_t failureCount = 0;
};

struct AuditTrendPeriod {
    int64_t totalRuns = 0;
    int64_t passed = 0;
    int64_t failed = 0;
    int64_t partial = 0;
    double failureRate = 0.0;  // (failed + partial) / total, 0.0 without runs
    // At most 10, by count descending; ties in first-encountered order (runs newest first,
    // items in stored order).
    std::vector<GuaranteeFailureCount> mostFailedGuarantees;
};

struct AuditTrends {
    AuditTrendPeriod last24h;
    AuditTrendPeriod last7d;
    AuditTrendPeriod last30d;
    std::vector<std::string> alerts;
};

// `runs` newest first (run_at descending). Runs older than 30 days before `nowMicros` are
// ignored; future-dated runs count in every window.
AuditTrends computeAuditTrends(const std::vector<AuditRunSample>& runs, int64_t nowMicros);

// `P(x)` of the alert texts: x*100 rounded to an integer, ties to even, then `%` ("75%").
std::string percentText(double rate);

}  // namespace tessera::core
