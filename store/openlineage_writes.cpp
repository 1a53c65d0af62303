#include "store/openlineage_writes.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/json_rows.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

using core::JsonWriter;
using json_rows::jsonRows;
using json_rows::rawJson;
using json_rows::text;

// Local to the transaction: the request's other statements (and the next transaction on the
// pooled connection) plan as usual.
const Statement kJoinByKeys{"openlineage_join_by_keys",
                            "SELECT set_config('enable_hashjoin', 'off', true),"
                            " set_config('enable_mergejoin', 'off', true),"
                            " set_config('enable_bitmapscan', 'off', true)"};
const Statement kAssetsAt{
    "openlineage_assets_at",
    "SELECT a.fqn, a.environment, a.id::text, a.deleted_at IS NOT NULL FROM core.assets a"
    " JOIN json_to_recordset($1::json) AS r(fqn text, environment text)"
    " ON a.fqn = r.fqn AND a.environment = r.environment"};
// One advisory lock per (fqn, environment), taken in the order of their hashes (one order for
// every transaction, so two never wait on each other) and held until commit.
const Statement kLockAssetKeys{
    "openlineage_lock_asset_keys",
    "SELECT count(pg_advisory_xact_lock(s.h)) FROM (SELECT DISTINCT"
    " hashtextextended(r.fqn || chr(31) || r.environment, 20) AS h"
    " FROM json_to_recordset($1::json) AS r(fqn text, environment text) ORDER BY h) s"};
const Statement kMergeMetadata{
    "openlineage_merge_metadata",
    "UPDATE core.assets a SET metadata = a.metadata || r.metadata"
    " FROM json_to_recordset($1::json) AS r(id uuid, metadata jsonb)"
    " WHERE a.id = r.id AND a.metadata <> a.metadata || r.metadata RETURNING a.id::text"};
const Statement kInsertJobs{
    "openlineage_insert_jobs",
    "INSERT INTO core.openlineage_jobs (namespace, name)"
    " SELECT r.ns, r.name FROM json_to_recordset($1::json) AS r(ns text, name text)"
    " ON CONFLICT DO NOTHING"};
const Statement kLockJobs{
    "openlineage_lock_jobs",
    "SELECT j.namespace, j.name, core.epoch_us(j.latest_complete_at)"
    " FROM core.openlineage_jobs j JOIN json_to_recordset($1::json) AS r(ns text, name text)"
    " ON j.namespace = r.ns AND j.name = r.name ORDER BY j.namespace, j.name FOR UPDATE OF j"};
const Statement kSetLatestComplete{
    "openlineage_set_latest_complete",
    "UPDATE core.openlineage_jobs j"
    " SET latest_complete_at = timestamptz 'epoch' + r.at * interval '1 microsecond'"
    " FROM json_to_recordset($1::json) AS r(ns text, name text, at int8)"
    " WHERE j.namespace = r.ns AND j.name = r.name"};
const Statement kClaimsOf{"openlineage_claims_of",
                          "SELECT c.job_namespace, c.job_name, c.dependent_asset_id::text,"
                          " c.dependency_asset_id::text FROM core.openlineage_job_edges c"
                          " JOIN json_to_recordset($1::json) AS r(ns text, name text)"
                          " ON c.job_namespace = r.ns AND c.job_name = r.name"};
const Statement kAddClaims{
    "openlineage_add_claims",
    "INSERT INTO core.openlineage_job_edges (job_namespace, job_name, dependent_asset_id,"
    " dependency_asset_id) SELECT r.ns, r.name, r.dependent, r.dependency"
    " FROM json_to_recordset($1::json) AS r(ns text, name text, dependent uuid, dependency uuid)"
    " ON CONFLICT DO NOTHING"};
const Statement kDropClaims{
    "openlineage_drop_claims",
    "DELETE FROM core.openlineage_job_edges c"
    " USING json_to_recordset($1::json) AS r(ns text, name text, dependent uuid, dependency uuid)"
    " WHERE c.job_namespace = r.ns AND c.job_name = r.name"
    " AND c.dependent_asset_id = r.dependent AND c.dependency_asset_id = r.dependency"};
const Statement kClaimedPairs{
    "openlineage_claimed_pairs",
    "SELECT DISTINCT c.dependent_asset_id::text, c.dependency_asset_id::text"
    " FROM core.openlineage_job_edges c"
    " JOIN json_to_recordset($1::json) AS r(dependent uuid, dependency uuid)"
    " ON c.dependent_asset_id = r.dependent AND c.dependency_asset_id = r.dependency"};
const Statement kEdgesBetween{
    "openlineage_edges_between",
    "SELECT d.id::text, d.dependent_asset_id::text, d.dependency_asset_id::text, d.sync_source"
    " FROM core.dependencies d JOIN json_to_recordset($1::json) AS r(dependent uuid,"
    " dependency uuid) ON d.dependent_asset_id = r.dependent"
    " AND d.dependency_asset_id = r.dependency"};

const Statement kSetColumnMappings{
    "openlineage_set_column_mappings",
    "UPDATE core.dependencies d SET column_mappings = r.mappings"
    " FROM json_to_recordset($1::json) AS r(id uuid, mappings jsonb)"
    " WHERE d.id = r.id AND d.column_mappings IS DISTINCT FROM r.mappings"
    " RETURNING d.dependent_asset_id::text"};

void job(JsonWriter& w, const OpenLineageJobKey& key) {
    text(w, "ns", key.ns);
    text(w, "name", key.name);
}
void pair(JsonWriter& w, const AssetPair& assets) {
    text(w, "dependent", assets.first);
    text(w, "dependency", assets.second);
}
std::string claimRows(const std::vector<JobClaim>& claims) {
    return jsonRows(claims, [](JsonWriter& w, const JobClaim& claim) {
        job(w, claim.job);
        pair(w, claim.pair);
    });
}
std::string jobRows(const std::vector<OpenLineageJobKey>& jobs) {
    return jsonRows(jobs, job);
}
std::string pairRows(const std::vector<AssetPair>& pairs) {
    return jsonRows(pairs, pair);
}

}  // namespace

void OpenLineageWrites::joinByKeys() {
    db_.exec(kJoinByKeys);
}

std::map<AssetKey, StoredAsset> OpenLineageWrites::assetsAt(const std::vector<AssetKey>& keys) {
    std::map<AssetKey, StoredAsset> found;
    if (keys.empty()) return found;
    const std::string rows = jsonRows(keys, [](JsonWriter& w, const AssetKey& key) {
        text(w, "fqn", key.fqn);
        text(w, "environment", key.environment);
    });
    for (const auto& row : db_.exec(kAssetsAt, rows)) {
        found.emplace(AssetKey{row[0].as<std::string>(), row[1].as<std::string>()},
                      StoredAsset{row[2].as<std::string>(), row[3].as<bool>()});
    }
    return found;
}

void OpenLineageWrites::lockAssetKeys(const std::vector<AssetKey>& keys) {
    if (keys.empty()) return;
    db_.exec(kLockAssetKeys, jsonRows(keys, [](JsonWriter& w, const AssetKey& key) {
                 text(w, "fqn", key.fqn);
                 text(w, "environment", key.environment);
             }));
}

std::vector<std::string> OpenLineageWrites::mergeMetadata(
    const std::vector<std::pair<std::string, std::string>>& patches) {
    std::vector<std::string> changed;
    if (patches.empty()) return changed;
    const std::string rows =
        jsonRows(patches, [](JsonWriter& w, const std::pair<std::string, std::string>& patch) {
            text(w, "id", patch.first);
            rawJson(w, "metadata", patch.second);
        });
    for (const auto& row : db_.exec(kMergeMetadata, rows)) {
        changed.push_back(row[0].as<std::string>());
    }
    return changed;
}

std::map<OpenLineageJobKey, std::optional<int64_t>> OpenLineageWrites::lockJobs(
    const std::vector<OpenLineageJobKey>& jobs) {
    std::map<OpenLineageJobKey, std::optional<int64_t>> latest;
    if (jobs.empty()) return latest;
    const std::string rows = jobRows(jobs);
    db_.exec(kInsertJobs, rows);
    for (const auto& row : db_.exec(kLockJobs, rows)) {
        latest.emplace(OpenLineageJobKey{row[0].as<std::string>(), row[1].as<std::string>()},
                       nullableInt64(row[2]));
    }
    if (latest.size() != jobs.size()) {
        throw UnexpectedResult("openlineage jobs: expected " + std::to_string(jobs.size()) +
                               " rows, got " + std::to_string(latest.size()));
    }
    return latest;
}

void OpenLineageWrites::setLatestComplete(const std::map<OpenLineageJobKey, int64_t>& times) {
    if (times.empty()) return;
    db_.exec(
        kSetLatestComplete,
        jsonRows(times, [](JsonWriter& w, const std::pair<const OpenLineageJobKey, int64_t>& time) {
            job(w, time.first);
            w.Key("at");
            w.Int64(time.second);
        }));
}

std::set<JobClaim> OpenLineageWrites::claimsOf(const std::vector<OpenLineageJobKey>& jobs) {
    std::set<JobClaim> claims;
    if (jobs.empty()) return claims;
    for (const auto& row : db_.exec(kClaimsOf, jobRows(jobs))) {
        claims.insert(JobClaim{{row[0].as<std::string>(), row[1].as<std::string>()},
                               {row[2].as<std::string>(), row[3].as<std::string>()}});
    }
    return claims;
}

void OpenLineageWrites::addClaims(const std::vector<JobClaim>& claims) {
    if (!claims.empty()) db_.exec(kAddClaims, claimRows(claims));
}

void OpenLineageWrites::dropClaims(const std::vector<JobClaim>& claims) {
    if (!claims.empty()) db_.exec(kDropClaims, claimRows(claims));
}

std::set<AssetPair> OpenLineageWrites::claimedPairs(const std::vector<AssetPair>& pairs) {
    std::set<AssetPair> claimed;
    if (pairs.empty()) return claimed;
    for (const auto& row : db_.exec(kClaimedPairs, pairRows(pairs))) {
        claimed.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
    return claimed;
}

std::vector<std::string> OpenLineageWrites::setColumnMappings(
    const std::vector<std::pair<std::string, std::string>>& mappings) {
    std::vector<std::string> dependents;
    if (mappings.empty()) return dependents;
    const std::string rows =
        jsonRows(mappings, [](JsonWriter& w, const std::pair<std::string, std::string>& edge) {
            text(w, "id", edge.first);
            w.Key("mappings");
            w.RawValue(edge.second.data(), edge.second.size(), rapidjson::kArrayType);
        });
    for (const auto& row : db_.exec(kSetColumnMappings, rows)) {
        dependents.push_back(row[0].as<std::string>());
    }
    return dependents;
}

std::vector<DbtEdgeRow> OpenLineageWrites::edgesBetween(const std::vector<AssetPair>& pairs) {
    std::vector<DbtEdgeRow> edges;
    if (pairs.empty()) return edges;
    for (const auto& row : db_.exec(kEdgesBetween, pairRows(pairs))) {
        edges.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                         row[2].as<std::string>(), nullableText(row[3])});
    }
    return edges;
}

}  // namespace tessera::store
