// What a change would break (spec 02 §9.5 with 00-decisions): POST /assets/{id}/impact diffs a
// proposed schema against the active contract and walks the in-memory index downstream;
// GET /assets/{id}/blast-radius walks it without a schema, either way, for dashboards that poll.
// Neither waits on Postgres for the traversal.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema_diff.hpp"
#include "graph/dependency_index.hpp"
#include "server/services/guarantee_evaluation.hpp"

namespace tessera::server {
class GraphService;
class RequestContext;
}  // namespace tessera::server

namespace tessera::server::services {

struct ImpactAnalysis {
    bool hasContract = false;  // without an active contract nothing is diffed or traversed
    core::SchemaDiff diff;
    std::vector<core::SchemaChange> breaking;
    std::optional<graph::ImpactResult> impact;  // absent when the index lacks the asset
    // Proposed guarantees against the active contract's, under the asset's guarantee_mode;
    // only when guarantees were proposed (issue 21).
    std::optional<GuaranteeEvaluation> guarantees;

    // Breaking under the contract's mode and, under strict, the guarantees.
    bool safeToPublish() const {
        return breaking.empty() && (!guarantees || guarantees->breaking.empty());
    }
};

// `proposed` must be a JSON object; an invalid JSON Schema is 400, an unknown asset 404.
// `proposedGuaranteesJson`: the guarantees the publish would carry, if given.
ImpactAnalysis analyzeImpact(RequestContext& context, const std::string& assetId,
                             const rapidjson::Value& proposed, int depth,
                             const std::optional<std::string>& proposedGuaranteesJson);

struct BlastRadius {
    graph::AssetInfo root;
    std::optional<graph::ImpactResult> impact;     // downstream: assets and consumers
    std::optional<graph::LineageResult> upstream;  // upstream: assets only
    const graph::LineageResult& lineage() const { return impact ? impact->lineage : *upstream; }
};

// The blast radius's ETag: changes with every change applied to this replica's index, and the
// replica's start nonce keeps tags of different replicas apart, so a 304 is never stale.
// `variant` names a view or page of the same generation (empty for the default listing), so
// that one of them is never answered 304 with the tag of another.
std::string blastRadiusTag(const GraphService& graph, std::string_view variant = {});

struct BlastRadiusSummary {
    graph::AssetInfo root;
    graph::RadiusSummary summary;
};

// 404 ASSET_NOT_FOUND when the index does not hold the asset.
BlastRadiusSummary summarizeBlastRadius(const GraphService& graph, const std::string& assetId,
                                        int depth, bool downstream);

struct ColumnBlastRadius {
    graph::AssetInfo root;
    graph::ColumnRadius radius;
};

// The column-level radius of `columns` of the asset (issue 20 item 3; nullopt: every column);
// 404 ASSET_NOT_FOUND when the index does not hold it.
ColumnBlastRadius computeColumnBlastRadius(const GraphService& graph, const std::string& assetId,
                                           const std::optional<std::vector<std::string>>& columns,
                                           int depth);

// The `column_impact` of an impact or a proposal (issue 20): the column radius through the
// columns the breaking schema changes name (`columns` nullopt: every column).
struct ColumnImpact {
    std::optional<std::vector<std::string>> columns;
    graph::ColumnRadius radius;
};

// Only with breaking schema changes, like the guarantee fields (a response without them stays
// the original's); nullopt too when the index does not hold the asset (nothing was walked).
std::optional<ColumnImpact> columnImpactOf(const GraphService& graph, const std::string& assetId,
                                           const std::vector<core::SchemaChange>& breaking,
                                           int depth);

// The columns of the asset the breaking changes name: the top-level property of each change
// path (`properties.<column>…`); nullopt when one names no column (e.g. the root's `required`
// or `type`): then every column counts.
std::optional<std::vector<std::string>> changedColumns(
    const std::vector<core::SchemaChange>& breaking);

// 404 ASSET_NOT_FOUND when the index does not hold the asset.
BlastRadius computeBlastRadius(const GraphService& graph, const std::string& assetId, int depth,
                               bool downstream);

// The asset's id for the index; `canonical` was validated as a UUID already.
graph::Uuid indexId(const std::string& canonical);

}  // namespace tessera::server::services
