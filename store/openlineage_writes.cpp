#include "store/openlineage_writes.hpp"

#include <algorithm>

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

// Every ingest statement joins a handful of keyed rows: index lookups, whatever the statistics
// say. A prepared statement keeps the generic plan made at its sixth run on a connection, and
// right after the tables were emptied (a fresh database, a harness's TRUNCATE) that plan was a
// sequential scan (assetsAt read 350 blocks a call by the end of the benchmark, 11 with this).
// Local to the transaction: the request's other statements (and the next transaction on the
// pooled connection) plan as usual.
const Statement kJoinByKeys{"openlineage_join_by_keys",
                            "SELECT set_config('enable_hashjoin', 'off', true),"
                            " set_config('enable_mergejoin', 'off', true),"
                            " set_config('enable_bitmapscan', 'off', true),"
                            " set_config('enable_seqscan', 'off', true)"};
const Statement kAssetsAt{
    "openlineage_assets_at",
    "SELECT a.fqn, a.environment, a.id::text, a.deleted_at IS NOT NULL,"
    " a.metadata || r.patch = a.metadata FROM core.assets a"
    " JOIN json_to_recordset($1::json) AS r(fqn text, environment text, patch jsonb)"
    " ON a.fqn = r.fqn AND a.environment = r.environment"};
// The team's row checked in the same statement: no rows when it is gone (404).
const Statement kInsertMissingAssets{
    "openlineage_insert_missing_assets",
    "INSERT INTO core.assets (id, fqn, owner_team_id, metadata, environment)"
    " SELECT r.id, r.fqn, $2::uuid, r.metadata, r.environment"
    " FROM json_to_recordset($1::json) AS r(id uuid, fqn text, metadata jsonb, environment text)"
    " WHERE EXISTS (SELECT 1 FROM core.teams t WHERE t.id = $2::uuid)"
    " ON CONFLICT (fqn, environment) DO NOTHING RETURNING id::text"};
const Statement kMergeMetadata{
    "openlineage_merge_metadata",
    "UPDATE core.assets a SET metadata = a.metadata || r.metadata"
    " FROM json_to_recordset($1::json) AS r(id uuid, metadata jsonb)"
    " WHERE a.id = r.id AND a.metadata <> a.metadata || r.metadata RETURNING a.id::text"};
// An upsert that changes nothing but locks the row (created or not) and returns it as it is
// once the lock is held; the jobs come sorted (one lock order for every transaction).
const Statement kLockJobs{
    "openlineage_lock_jobs",
    "INSERT INTO core.openlineage_jobs AS j (namespace, name)"
    " SELECT r.ns, r.name FROM json_to_recordset($1::json) AS r(ns text, name text)"
    " ON CONFLICT (namespace, name) DO UPDATE SET latest_complete_at = j.latest_complete_at"
    " RETURNING j.namespace, j.name, core.epoch_us(j.latest_complete_at)"};
const Statement kClaimsOf{"openlineage_claims_of",
                          "SELECT c.job_namespace, c.job_name, c.dependent_asset_id::text,"
                          " c.dependency_asset_id::text FROM core.openlineage_job_edges c"
                          " JOIN json_to_recordset($1::json) AS r(ns text, name text)"
                          " ON c.job_namespace = r.ns AND c.job_name = r.name"};
const Statement kApplyClaims{
    "openlineage_apply_claims",
    "WITH added AS (INSERT INTO core.openlineage_job_edges (job_namespace, job_name,"
    " dependent_asset_id, dependency_asset_id) SELECT r.ns, r.name, r.dependent, r.dependency"
    " FROM json_to_recordset($1::json) AS r(ns text, name text, dependent uuid, dependency uuid)"
    " ON CONFLICT DO NOTHING),"
    " dropped AS (DELETE FROM core.openlineage_job_edges c"
    " USING json_to_recordset($2::json) AS r(ns text, name text, dependent uuid, dependency uuid)"
    " WHERE c.job_namespace = r.ns AND c.job_name = r.name"
    " AND c.dependent_asset_id = r.dependent AND c.dependency_asset_id = r.dependency),"
    " completed AS (UPDATE core.openlineage_jobs j"
    " SET latest_complete_at = timestamptz 'epoch' + r.at * interval '1 microsecond'"
    " FROM json_to_recordset($3::json) AS r(ns text, name text, at int8)"
    " WHERE j.namespace = r.ns AND j.name = r.name)"
    " SELECT 1"};
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

// The audit payload as the other inlets write it (services/edge_effects.cpp); jsonb keeps no
// key order, so the stored events are the same.
const Statement kInsertEdges{
    "openlineage_insert_edges",
    "WITH inserted AS (INSERT INTO core.dependencies (id, dependent_asset_id,"
    " dependency_asset_id, dependency_type, sync_source, column_mappings)"
    " SELECT r.id, r.dependent, r.dependency, 'transforms', 'openlineage', r.mappings"
    " FROM json_to_recordset($1::json) AS r(id uuid, dependent uuid, dependency uuid,"
    " mappings jsonb)"
    " ON CONFLICT (dependent_asset_id, dependency_asset_id) DO NOTHING"
    " RETURNING id, dependent_asset_id, dependency_asset_id),"
    " audited AS (INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
    " SELECT 'dependency', i.id, 'dependency.created', $2::uuid,"
    " jsonb_build_object('dependent_asset_id', i.dependent_asset_id::text,"
    " 'dependency_asset_id', i.dependency_asset_id::text, 'dependency_type', 'transforms',"
    " 'sync_source', 'openlineage') FROM inserted i)"
    " SELECT id::text FROM inserted"};
const Statement kSetColumnMappings{
    "openlineage_set_column_mappings",
    "UPDATE core.dependencies d SET column_mappings = r.mappings"
    " FROM json_to_recordset($1::json) AS r(dependent uuid, dependency uuid, mappings jsonb)"
    " WHERE d.dependent_asset_id = r.dependent AND d.dependency_asset_id = r.dependency"
    " AND d.column_mappings IS DISTINCT FROM r.mappings"
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

std::map<AssetKey, StoredAsset> OpenLineageWrites::assetsAt(
    const std::vector<AssetLookup>& lookups) {
    std::map<AssetKey, StoredAsset> found;
    if (lookups.empty()) return found;
    const std::string rows = jsonRows(lookups, [](JsonWriter& w, const AssetLookup& lookup) {
        text(w, "fqn", lookup.key.fqn);
        text(w, "environment", lookup.key.environment);
        rawJson(w, "patch", lookup.patchJson);
    });
    for (const auto& row : db_.exec(kAssetsAt, rows)) {
        found.emplace(AssetKey{row[0].as<std::string>(), row[1].as<std::string>()},
                      StoredAsset{row[2].as<std::string>(), row[3].as<bool>(), row[4].as<bool>()});
    }
    return found;
}

std::vector<std::string> OpenLineageWrites::insertMissingAssets(
    const std::vector<DbtAssetRow>& rows, const std::string& teamId) {
    if (rows.empty()) return {};
    const std::string json = jsonRows(rows, [](JsonWriter& w, const DbtAssetRow& row) {
        text(w, "id", row.id);
        text(w, "fqn", row.fqn);
        rawJson(w, "metadata", row.metadataJson);
        json_rows::nullableMember(w, "environment", row.environment);
    });
    return firstColumnTexts(db_.exec(kInsertMissingAssets, json, teamId));
}

std::vector<std::string> OpenLineageWrites::mergeMetadata(
    const std::vector<std::pair<std::string, std::string>>& patches) {
    if (patches.empty()) return {};
    const std::string rows =
        jsonRows(patches, [](JsonWriter& w, const std::pair<std::string, std::string>& patch) {
            text(w, "id", patch.first);
            rawJson(w, "metadata", patch.second);
        });
    return firstColumnTexts(db_.exec(kMergeMetadata, rows));
}

std::map<OpenLineageJobKey, std::optional<int64_t>> OpenLineageWrites::lockJobs(
    const std::vector<OpenLineageJobKey>& jobs) {
    std::map<OpenLineageJobKey, std::optional<int64_t>> latest;
    if (jobs.empty()) return latest;
    std::vector<OpenLineageJobKey> sorted(jobs);
    std::sort(sorted.begin(), sorted.end());
    for (const auto& row : db_.exec(kLockJobs, jobRows(sorted))) {
        latest.emplace(OpenLineageJobKey{row[0].as<std::string>(), row[1].as<std::string>()},
                       nullableInt64(row[2]));
    }
    if (latest.size() != jobs.size()) {
        throw UnexpectedResult("openlineage jobs: expected " + std::to_string(jobs.size()) +
                               " rows, got " + std::to_string(latest.size()));
    }
    return latest;
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

void OpenLineageWrites::applyClaims(const std::vector<JobClaim>& added,
                                    const std::vector<JobClaim>& dropped,
                                    const std::map<OpenLineageJobKey, int64_t>& completedAt) {
    if (added.empty() && dropped.empty() && completedAt.empty()) return;
    const std::string times = jsonRows(
        completedAt, [](JsonWriter& w, const std::pair<const OpenLineageJobKey, int64_t>& time) {
            job(w, time.first);
            w.Key("at");
            w.Int64(time.second);
        });
    onlyRow(db_.exec(kApplyClaims, claimRows(added), claimRows(dropped), times), kApplyClaims.name);
}

std::set<AssetPair> OpenLineageWrites::claimedPairs(const std::vector<AssetPair>& pairs) {
    std::set<AssetPair> claimed;
    if (pairs.empty()) return claimed;
    for (const auto& row : db_.exec(kClaimedPairs, pairRows(pairs))) {
        claimed.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
    return claimed;
}

std::vector<std::string> OpenLineageWrites::insertEdges(const std::vector<OpenLineageEdgeRow>& rows,
                                                        const std::string& actorId) {
    if (rows.empty()) return {};
    const std::string json = jsonRows(rows, [](JsonWriter& w, const OpenLineageEdgeRow& edge) {
        text(w, "id", edge.id);
        pair(w, {edge.dependentId, edge.dependencyId});
        if (!edge.mappingsJson.empty()) rawJson(w, "mappings", edge.mappingsJson);
    });
    // A key of no team: no actor (actor_id NULL).
    const std::optional<std::string> actor =
        actorId.empty() ? std::nullopt : std::optional<std::string>(actorId);
    return firstColumnTexts(db_.exec(kInsertEdges, json, actor));
}

std::vector<std::string> OpenLineageWrites::setColumnMappings(
    const std::vector<std::pair<AssetPair, std::string>>& mappings) {
    if (mappings.empty()) return {};
    const std::string rows =
        jsonRows(mappings, [](JsonWriter& w, const std::pair<AssetPair, std::string>& edge) {
            pair(w, edge.first);
            w.Key("mappings");
            w.RawValue(edge.second.data(), edge.second.size(), rapidjson::kArrayType);
        });
    return firstColumnTexts(db_.exec(kSetColumnMappings, rows));
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
