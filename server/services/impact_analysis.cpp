#include "server/services/impact_analysis.hpp"

#include <set>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_validator.hpp"
#include "server/http/request_context.hpp"
#include "server/index/graph_service.hpp"
#include "store/asset_repository.hpp"
#include "store/contract_repository.hpp"

namespace tessera::server::services {

graph::Uuid indexId(const std::string& canonical) {
    return *graph::Uuid::parse(canonical);
}

ImpactAnalysis analyzeImpact(RequestContext& context, const std::string& assetId,
                             const rapidjson::Value& proposed, int depth,
                             const std::optional<std::string>& proposedGuaranteesJson) {
    // Checked before the asset lookup (02 §9.5 step 1).
    if (auto errors = core::validateJsonSchema(proposed); !errors.empty()) {
        throw core::badRequest(core::code::kBadRequest, core::invalidSchemaMessage(errors));
    }
    const auto asset = store::AssetRepository(context.db).findIncludingDeleted(assetId);
    if (!asset) throw core::assetNotFound();
    ImpactAnalysis analysis;
    const auto current = store::ContractRepository(context.db).current(assetId);
    if (!current) return analysis;
    analysis.hasContract = true;
    const rapidjson::Document currentSchema = core::parseStoredJson(current->schemaJson);
    analysis.diff = core::diffSchemas(currentSchema, proposed);
    const auto mode = core::storedCompatibilityMode(current->compatibilityMode);
    analysis.breaking = core::breakingChanges(analysis.diff.changes, core::baseMode(mode));
    if (proposedGuaranteesJson) {
        analysis.guarantees = evaluateGuarantees(asset->guaranteeMode, current->guaranteesJson,
                                                 proposedGuaranteesJson);
    }
    analysis.impact =
        context.app.graph->index().impact(indexId(assetId), static_cast<uint32_t>(depth));
    return analysis;
}

std::string blastRadiusTag(const GraphService& graph, std::string_view variant) {
    std::string tag = "\"" + graph.instanceTag() + "." + std::to_string(graph.revision());
    if (!variant.empty()) {
        tag += '.';
        tag += variant;
    }
    tag += '"';
    return tag;
}

BlastRadiusSummary summarizeBlastRadius(const GraphService& graph, const std::string& assetId,
                                        int depth, bool downstream) {
    const graph::Uuid root = indexId(assetId);
    auto rootInfo = graph.index().asset(root);
    if (!rootInfo) throw core::assetNotFound();
    auto summary = graph.index().summary(
        root, downstream ? graph::Direction::kDownstream : graph::Direction::kUpstream,
        static_cast<uint32_t>(depth));
    if (!summary) throw core::assetNotFound();  // deleted from the index in between
    return BlastRadiusSummary{std::move(*rootInfo), std::move(*summary)};
}

ColumnBlastRadius computeColumnBlastRadius(const GraphService& graph, const std::string& assetId,
                                           const std::optional<std::vector<std::string>>& columns,
                                           int depth) {
    const graph::Uuid root = indexId(assetId);
    auto rootInfo = graph.index().asset(root);
    if (!rootInfo) throw core::assetNotFound();
    auto radius = graph.index().columnRadius(root, columns.value_or(std::vector<std::string>()),
                                             static_cast<uint32_t>(depth), !columns);
    if (!radius) throw core::assetNotFound();  // deleted from the index in between
    return {std::move(*rootInfo), std::move(*radius)};
}

std::optional<ColumnImpact> columnImpactOf(const GraphService& graph, const std::string& assetId,
                                           const std::vector<core::SchemaChange>& breaking,
                                           int depth) {
    if (breaking.empty()) return std::nullopt;
    ColumnImpact impact{changedColumns(breaking), {}};
    auto radius = graph.index().columnRadius(indexId(assetId),
                                             impact.columns.value_or(std::vector<std::string>()),
                                             static_cast<uint32_t>(depth), !impact.columns);
    if (!radius) return std::nullopt;
    impact.radius = std::move(*radius);
    return impact;
}

std::optional<std::vector<std::string>> changedColumns(
    const std::vector<core::SchemaChange>& breaking) {
    constexpr std::string_view kProperties = "properties.";
    std::set<std::string> columns;
    for (const core::SchemaChange& change : breaking) {
        if (change.path.rfind(kProperties, 0) != 0) return std::nullopt;
        const std::string rest = change.path.substr(kProperties.size());
        columns.insert(rest.substr(0, rest.find('.')));
    }
    return std::vector<std::string>(columns.begin(), columns.end());
}

BlastRadius computeBlastRadius(const GraphService& graph, const std::string& assetId, int depth,
                               bool downstream) {
    const graph::Uuid root = indexId(assetId);
    auto rootInfo = graph.index().asset(root);
    if (!rootInfo) throw core::assetNotFound();
    BlastRadius radius{std::move(*rootInfo), std::nullopt, std::nullopt};
    if (downstream) {
        radius.impact = graph.index().impact(root, static_cast<uint32_t>(depth));
        if (!radius.impact) throw core::assetNotFound();
    } else {
        radius.upstream = graph.index().upstream(root, static_cast<uint32_t>(depth));
        if (!radius.upstream) throw core::assetNotFound();
    }
    return radius;
}

}  // namespace tessera::server::services
