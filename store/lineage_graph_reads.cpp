#include "store/lineage_graph_reads.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/json_rows.hpp"

namespace tessera::store {
namespace {

using core::JsonWriter;
using json_rows::jsonRows;
using json_rows::text;

// Only the three metadata members a node shows: a dbt sync's metadata can be large.
const Statement kLineageAssets{
    "lineage_graph_assets",
    "SELECT a.id::text, a.fqn, (a.metadata->'openlineage')::text, (a.metadata->'columns')::text,"
    " CASE WHEN jsonb_typeof(a.metadata->'description') = 'string'"
    " THEN a.metadata->>'description' END, core.epoch_us(a.created_at), a.deleted_at IS NOT NULL"
    " FROM core.assets a JOIN json_to_recordset($1::json) AS r(id uuid) ON a.id = r.id"};
const Statement kLineageEdgesAmong{
    "lineage_graph_edges_among",
    "WITH r AS (SELECT id FROM json_to_recordset($1::json) AS r(id uuid))"
    " SELECT d.dependent_asset_id::text, d.dependency_asset_id::text, c.job_namespace,"
    " c.job_name FROM core.dependencies d"
    " JOIN r dependent ON dependent.id = d.dependent_asset_id"
    " JOIN r dependency ON dependency.id = d.dependency_asset_id"
    " LEFT JOIN core.openlineage_job_edges c ON c.dependent_asset_id = d.dependent_asset_id"
    " AND c.dependency_asset_id = d.dependency_asset_id"};
const Statement kLineageJobs{
    "lineage_graph_jobs",
    "SELECT j.namespace, j.name, core.epoch_us(j.latest_complete_at)"
    " FROM core.openlineage_jobs j JOIN json_to_recordset($1::json) AS r(ns text, name text)"
    " ON j.namespace = r.ns AND j.name = r.name"};

std::string idRows(const std::vector<std::string>& ids) {
    return jsonRows(ids, [](JsonWriter& w, const std::string& id) { text(w, "id", id); });
}

}  // namespace

std::vector<LineageAssetRow> LineageGraphReads::assets(const std::vector<std::string>& ids) {
    std::vector<LineageAssetRow> assets;
    if (ids.empty()) return assets;
    for (const auto& row : db_.exec(kLineageAssets, idRows(ids))) {
        assets.push_back({row[0].as<std::string>(), row[1].as<std::string>(), nullableText(row[2]),
                          nullableText(row[3]), nullableText(row[4]), row[5].as<int64_t>(),
                          row[6].as<bool>()});
    }
    return assets;
}

std::vector<LineageEdgeRow> LineageGraphReads::edgesAmong(const std::vector<std::string>& ids) {
    std::vector<LineageEdgeRow> edges;
    if (ids.empty()) return edges;
    for (const auto& row : db_.exec(kLineageEdgesAmong, idRows(ids))) {
        LineageEdgeRow edge{row[0].as<std::string>(), row[1].as<std::string>(), std::nullopt};
        if (!row[2].is_null()) {
            edge.job = OpenLineageJobKey{row[2].as<std::string>(), row[3].as<std::string>()};
        }
        edges.push_back(std::move(edge));
    }
    return edges;
}

std::map<OpenLineageJobKey, std::optional<int64_t>> LineageGraphReads::jobs(
    const std::vector<OpenLineageJobKey>& jobs) {
    std::map<OpenLineageJobKey, std::optional<int64_t>> found;
    if (jobs.empty()) return found;
    const std::string rows = jsonRows(jobs, [](JsonWriter& w, const OpenLineageJobKey& key) {
        text(w, "ns", key.ns);
        text(w, "name", key.name);
    });
    for (const auto& row : db_.exec(kLineageJobs, rows)) {
        found.emplace(OpenLineageJobKey{row[0].as<std::string>(), row[1].as<std::string>()},
                      nullableInt64(row[2]));
    }
    return found;
}

}  // namespace tessera::store
