#include "store/audit_run_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

// The active contract the run is recorded against: as everywhere, the active one published
// last (spec 02 §1).
const Statement kInsert{
    "audit_run_insert",
    "WITH active AS (SELECT c.id, c.version FROM core.contracts c"
    " WHERE c.asset_id = $1 AND c.status = 'active' ORDER BY c.published_at DESC, c.id DESC"
    " LIMIT 1),"
    " inserted AS (INSERT INTO core.audit_runs (asset_id, contract_id, status,"
    " guarantees_checked, guarantees_passed, guarantees_failed, triggered_by, run_id, details,"
    " run_at) VALUES ($1, (SELECT id FROM active), $2, $3, $4, $5, $6, $7, $8::jsonb,"
    " coalesce(timestamptz 'epoch' + $9::int8 * interval '1 microsecond', now()))"
    " RETURNING id, contract_id, run_at)"
    " SELECT i.id::text, i.contract_id::text, (SELECT version FROM active),"
    " core.epoch_us(i.run_at) FROM inserted i"};

#define RUN_FILTER                                         \
    " WHERE r.asset_id = $1"                               \
    " AND ($2::text IS NULL OR r.triggered_by = $2::text)" \
    " AND ($3::text IS NULL OR r.status = $3::text)"
#define RUN_COLUMNS                                                                         \
    "r.id::text, r.status, r.guarantees_checked, r.guarantees_passed, r.guarantees_failed," \
    " r.triggered_by, r.run_id, core.epoch_us(r.run_at),"                                   \
    " coalesce(r.details -> 'guarantee_results', 'null'::jsonb)::text"

const Statement kHistory{"audit_run_history",
                         "SELECT " RUN_COLUMNS
                         ", c.version FROM core.audit_runs r"
                         " LEFT JOIN core.contracts c ON c.id = r.contract_id" RUN_FILTER
                         " ORDER BY r.run_at DESC, r.id DESC LIMIT $4"};
const Statement kHistoryCount{"audit_run_history_count",
                              "SELECT count(*) FROM core.audit_runs r" RUN_FILTER};
const Statement kSince{"audit_run_since",
                       "SELECT " RUN_COLUMNS
                       ", NULL FROM core.audit_runs r"
                       " WHERE r.asset_id = $1"
                       " AND r.run_at >= timestamptz 'epoch' + $2::int8 * interval '1 microsecond'"
                       " ORDER BY r.run_at DESC, r.id DESC"};

#undef RUN_COLUMNS
#undef RUN_FILTER

const Statement kLatestForAsset{
    "audit_run_latest_for_asset",
    "SELECT id::text, status, guarantees_failed, core.epoch_us(run_at), triggered_by"
    " FROM core.audit_runs WHERE asset_id = $1 ORDER BY run_at DESC, id DESC LIMIT 1"};

AuditRunRow toRow(const pqxx::row& row) {
    AuditRunRow run;
    run.id = row[0].as<std::string>();
    run.status = row[1].as<std::string>();
    run.guaranteesChecked = row[2].as<int64_t>();
    run.guaranteesPassed = row[3].as<int64_t>();
    run.guaranteesFailed = row[4].as<int64_t>();
    run.triggeredBy = row[5].as<std::string>();
    run.runId = nullableText(row[6]);
    run.runAt = row[7].as<int64_t>();
    const std::string results = row[8].as<std::string>();
    if (results != "null") run.guaranteeResultsJson = results;
    run.contractVersion = nullableText(row[9]);
    return run;
}

}  // namespace

AuditRunInserted AuditRunRepository::insert(const AuditRunInsert& run) {
    const pqxx::row row = onlyRow(
        db_.exec(kInsert, run.assetId, run.status, run.guaranteesChecked, run.guaranteesPassed,
                 run.guaranteesFailed, run.triggeredBy, run.runId, run.detailsJson, run.runAt),
        kInsert.name);
    return AuditRunInserted{row[0].as<std::string>(), nullableText(row[1]), nullableText(row[2]),
                            row[3].as<int64_t>()};
}

PageOf<AuditRunRow> AuditRunRepository::history(const std::string& assetId,
                                                const AuditRunFilter& filter, int limit) {
    PageOf<AuditRunRow> page;
    for (const auto& row : db_.exec(kHistory, assetId, filter.triggeredBy, filter.status, limit)) {
        page.rows.push_back(toRow(row));
    }
    page.total = onlyValue<int64_t>(
        db_.exec(kHistoryCount, assetId, filter.triggeredBy, filter.status), kHistoryCount.name);
    return page;
}

std::vector<AuditRunRow> AuditRunRepository::since(const std::string& assetId,
                                                   int64_t sinceMicros) {
    std::vector<AuditRunRow> runs;
    for (const auto& row : db_.exec(kSince, assetId, sinceMicros)) runs.push_back(toRow(row));
    return runs;
}

std::optional<AuditRunSummary> AuditRunRepository::latestForAsset(const std::string& assetId) {
    const auto latest = firstRow(db_.exec(kLatestForAsset, assetId));
    if (!latest) return std::nullopt;
    const pqxx::row& row = *latest;
    return AuditRunSummary{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<int64_t>(),
                           row[3].as<int64_t>(), row[4].as<std::string>()};
}

}  // namespace tessera::store
