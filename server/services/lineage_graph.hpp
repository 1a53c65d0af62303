// Marquez's lineage graph (GET /api/v1/lineage?nodeId=…&depth=…, issue 20; docs/openlineage.md
// "Lineage graph"): the datasets the index reaches from a dataset or job node, upstream and
// downstream, with the OpenLineage jobs that claim the edges between them (migration 006) as
// job nodes in between.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/marquez_node_id.hpp"
#include "server/http/request_context.hpp"
#include "store/lineage_graph_reads.hpp"

namespace tessera::server::services {

// (origin, destination) node ids.
using LineageGraphEdge = std::pair<std::string, std::string>;

struct LineageGraphNode {
    std::string id;  // "dataset:<ns>:<name>" / "job:<ns>:<name>"
    core::LineageNodeKind kind = core::LineageNodeKind::kDataset;
    core::LineageName name;
    std::optional<store::LineageAssetRow> asset;  // a dataset's asset
    // A job's: the eventTime of its latest COMPLETE, and every dataset it claims to read and
    // write (sorted), in the graph or not.
    std::optional<int64_t> latestCompleteAt;
    std::vector<core::LineageName> inputs;
    std::vector<core::LineageName> outputs;
    std::vector<LineageGraphEdge> inEdges;   // sorted
    std::vector<LineageGraphEdge> outEdges;  // sorted
};

// Nodes in id order. `depth` counts edges from the start node, each way (a job's own edges
// count as one). 404 when no asset or job answers to the node id.
std::vector<LineageGraphNode> lineageGraph(RequestContext& context,
                                           const core::LineageNodeId& start, int depth);

}  // namespace tessera::server::services
