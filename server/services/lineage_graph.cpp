#include "server/services/lineage_graph.hpp"

#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/openlineage_mapping.hpp"
#include "server/index/graph_service.hpp"
#include "server/services/impact_analysis.hpp"
#include "server/services/openlineage_ingest.hpp"

namespace tessera::server::services {
namespace {

using core::LineageNodeKind;
using store::OpenLineageJobKey;

core::ApiError nodeNotFound() {
    return core::notFound(core::code::kNotFound, "No dataset or job with this nodeId");
}

// Where the walk starts: a dataset's asset both ways, or a job's inputs upstream and outputs
// downstream (its own edges are the first of `depth`).
struct WalkStart {
    std::vector<std::string> upstreamRoots;
    std::vector<std::string> downstreamRoots;
    uint32_t hops = 0;
    std::optional<OpenLineageJobKey> job;
};

// A dataset is the asset its (namespace, name) maps to under the ingest's rule (FQN and
// environment): the one an event naming it would have written.
WalkStart resolveStart(RequestContext& context, const core::LineageNodeId& start, int depth) {
    const auto& [ns, name] = start.name;
    WalkStart walk;
    if (start.kind == LineageNodeKind::kDataset) {
        const std::string fqn = core::openLineageFqn(ns, name);
        if (fqn.empty()) throw nodeNotFound();
        const store::AssetKey key{fqn, openLineageEnvironment(context.config(), ns)};
        const auto found = store::OpenLineageWrites(context.db).assetsAt({{key, "{}"}});
        if (found.empty()) throw nodeNotFound();
        const std::string& id = found.begin()->second.id;
        walk.upstreamRoots = {id};
        walk.downstreamRoots = {id};
        walk.hops = static_cast<uint32_t>(depth);
        return walk;
    }
    const OpenLineageJobKey job{ns, name};
    if (store::LineageGraphReads(context.db).jobs({job}).empty()) throw nodeNotFound();
    for (const auto& claim : store::OpenLineageWrites(context.db).claimsOf({job})) {
        walk.downstreamRoots.push_back(claim.pair.first);  // the dependent is an output
        walk.upstreamRoots.push_back(claim.pair.second);
    }
    walk.hops = static_cast<uint32_t>(depth - 1);
    walk.job = job;
    return walk;
}

// The roots and every asset the index reaches from them (soft-deleted ones too, as the blast
// radius walks them).
std::set<std::string> walkIndex(const GraphService& graph, const WalkStart& start) {
    std::set<std::string> ids(start.upstreamRoots.begin(), start.upstreamRoots.end());
    ids.insert(start.downstreamRoots.begin(), start.downstreamRoots.end());
    const auto add = [&](const std::optional<graph::LineageResult>& reached) {
        if (!reached) return;  // not in the index (yet): the root alone
        for (const auto& asset : reached->assets) ids.insert(asset.id.toString());
    };
    for (const auto& root : start.upstreamRoots) {
        add(graph.index().upstream(indexId(root), start.hops));
    }
    for (const auto& root : start.downstreamRoots) {
        add(graph.index().downstream(indexId(root), start.hops));
    }
    return ids;
}

core::LineageName datasetNameOf(const store::LineageAssetRow& asset) {
    if (!asset.openLineageJson) return core::datasetNameOfAsset(asset.fqn, nullptr);
    const rapidjson::Document openlineage = core::parseStoredJson(*asset.openLineageJson);
    return core::datasetNameOfAsset(asset.fqn, &openlineage);
}

// Assembles the nodes and their edges from the rows read for the walk.
class GraphAssembly {
  public:
    void addAssets(std::vector<store::LineageAssetRow> rows) {
        for (auto& row : rows) {
            const std::string id = row.id;
            assets_.emplace(id, std::move(row));
        }
    }

    void addDataset(const std::string& assetId) {
        const auto asset = assets_.find(assetId);
        if (asset == assets_.end()) return;  // gone since the walk
        core::LineageName name = datasetNameOf(asset->second);
        const std::string id = core::lineageNodeId(LineageNodeKind::kDataset, name);
        // Assets of one FQN in several environments map to one node: the first (by id) shows.
        auto [node, added] = nodes_.try_emplace(id);
        if (added) {
            node->second.id = id;
            node->second.name = std::move(name);
            node->second.asset = asset->second;
        }
        datasetNodes_.emplace(assetId, id);
    }

    void addJob(const OpenLineageJobKey& key, std::optional<int64_t> latestCompleteAt,
                const std::set<store::JobClaim>& claims) {
        core::LineageName name{key.ns, key.name};
        const std::string id = core::lineageNodeId(LineageNodeKind::kJob, name);
        LineageGraphNode& node = nodes_[id];
        node.id = id;
        node.kind = LineageNodeKind::kJob;
        node.name = std::move(name);
        node.latestCompleteAt = latestCompleteAt;
        std::set<core::LineageName> inputs, outputs;
        // Claims are ordered by job first: this job's are one run.
        for (auto claim = claims.lower_bound(store::JobClaim{key, {}});
             claim != claims.end() && claim->job == key; ++claim) {
            if (const auto* output = nameOf(claim->pair.first)) outputs.insert(*output);
            if (const auto* input = nameOf(claim->pair.second)) inputs.insert(*input);
        }
        node.inputs.assign(inputs.begin(), inputs.end());
        node.outputs.assign(outputs.begin(), outputs.end());
        jobNodes_.emplace(key, id);
    }

    // An edge claimed by a job runs dependency → job → dependent; one no job claims (made by
    // hand or by a dbt sync) runs dependency → dependent.
    void addEdge(const store::LineageEdgeRow& edge) {
        const auto dependent = datasetNodes_.find(edge.dependentId);
        const auto dependency = datasetNodes_.find(edge.dependencyId);
        if (dependent == datasetNodes_.end() || dependency == datasetNodes_.end()) return;
        const auto job = edge.job ? jobNodes_.find(*edge.job) : jobNodes_.end();
        if (job == jobNodes_.end()) {
            edges_.emplace(dependency->second, dependent->second);
            return;
        }
        edges_.emplace(dependency->second, job->second);
        edges_.emplace(job->second, dependent->second);
    }

    std::vector<LineageGraphNode> finish() {
        for (const auto& edge : edges_) {  // in order, so every node's lists come out sorted
            nodes_[edge.first].outEdges.push_back(edge);
            nodes_[edge.second].inEdges.push_back(edge);
        }
        std::vector<LineageGraphNode> nodes;
        nodes.reserve(nodes_.size());
        for (auto& [id, node] : nodes_) nodes.push_back(std::move(node));
        return nodes;
    }

  private:
    const core::LineageName* nameOf(const std::string& assetId) {
        auto [slot, added] = names_.try_emplace(assetId);
        if (added) {
            const auto asset = assets_.find(assetId);
            if (asset != assets_.end()) slot->second = datasetNameOf(asset->second);
        }
        return slot->second ? &*slot->second : nullptr;
    }

    std::map<std::string, store::LineageAssetRow> assets_;           // by asset id
    std::map<std::string, std::optional<core::LineageName>> names_;  // by asset id
    std::map<std::string, std::string> datasetNodes_;                // asset id → node id
    std::map<OpenLineageJobKey, std::string> jobNodes_;              // → node id
    std::map<std::string, LineageGraphNode> nodes_;                  // by node id
    std::set<LineageGraphEdge> edges_;
};

}  // namespace

std::vector<LineageGraphNode> lineageGraph(RequestContext& context,
                                           const core::LineageNodeId& start, int depth) {
    const WalkStart walk = resolveStart(context, start, depth);
    const std::set<std::string> reached = walkIndex(*context.app.graph, walk);
    const std::vector<std::string> datasetIds(reached.begin(), reached.end());

    store::LineageGraphReads reads(context.db);
    const auto edges = reads.edgesAmong(datasetIds);
    std::set<OpenLineageJobKey> jobKeys;
    if (walk.job) jobKeys.insert(*walk.job);
    for (const auto& edge : edges) {
        if (edge.job) jobKeys.insert(*edge.job);
    }
    const std::vector<OpenLineageJobKey> jobList(jobKeys.begin(), jobKeys.end());
    const auto jobs = reads.jobs(jobList);
    const auto claims = store::OpenLineageWrites(context.db).claimsOf(jobList);

    // The jobs' inputs and outputs name datasets outside the graph too.
    std::set<std::string> assetIds = reached;
    for (const auto& claim : claims) {
        assetIds.insert(claim.pair.first);
        assetIds.insert(claim.pair.second);
    }
    GraphAssembly graph;
    graph.addAssets(reads.assets(std::vector<std::string>(assetIds.begin(), assetIds.end())));
    for (const std::string& id : datasetIds) graph.addDataset(id);
    for (const auto& [key, latestCompleteAt] : jobs) graph.addJob(key, latestCompleteAt, claims);
    for (const auto& edge : edges) graph.addEdge(edge);
    return graph.finish();
}

}  // namespace tessera::server::services
