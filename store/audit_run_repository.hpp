// SQL for WAP audit runs (spec 04 §2): reporting a run, the history list, the runs the trends
// read, and the latest run the publish gate reads (02 §5.7).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct AuditRunSummary {
    std::string id;
    std::string status;  // passed / failed / partial
    int64_t guaranteesFailed = 0;
    int64_t runAt = 0;
    std::string triggeredBy;
};

struct AuditRunInsert {
    std::string assetId;
    std::string status;
    int64_t guaranteesChecked = 0;
    int64_t guaranteesPassed = 0;
    int64_t guaranteesFailed = 0;
    std::string triggeredBy;
    std::optional<std::string> runId;
    std::string detailsJson;
    std::optional<int64_t> runAt;  // epoch microseconds; now when absent
};

// What the insert returns: the row's id and run time, and the asset's active contract it was
// recorded against.
struct AuditRunInserted {
    std::string id;
    std::optional<std::string> contractId;
    std::optional<std::string> contractVersion;
    int64_t runAt = 0;
};

// A history item (spec 04 §2.3).
struct AuditRunRow {
    std::string id;
    std::string status;
    int64_t guaranteesChecked = 0;
    int64_t guaranteesPassed = 0;
    int64_t guaranteesFailed = 0;
    std::string triggeredBy;
    std::optional<std::string> runId;
    int64_t runAt = 0;
    std::optional<std::string> contractVersion;  // of the run's contract, whatever its status
    std::string guaranteeResultsJson;            // details.guarantee_results; empty if absent
};

struct AuditRunFilter {
    std::optional<std::string> triggeredBy;
    std::optional<std::string> status;
};

class AuditRunRepository {
  public:
    explicit AuditRunRepository(DbSession& db) : db_(db) {}

    // Records a run against the asset's active contract (the one published last), if any.
    AuditRunInserted insert(const AuditRunInsert& run);

    // The asset's runs matching the filter, newest first (run_at, then id, descending), at most
    // `limit`, and how many match in all.
    PageOf<AuditRunRow> history(const std::string& assetId, const AuditRunFilter& filter,
                                int limit);

    // Every run of the asset with run_at >= sinceMicros (future-dated ones included), newest
    // first; contractVersion is not read.
    std::vector<AuditRunRow> since(const std::string& assetId, int64_t sinceMicros);

    // The asset's most recent run (largest run_at), if any.
    std::optional<AuditRunSummary> latestForAsset(const std::string& assetId);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
