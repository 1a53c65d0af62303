// Breadth-first traversal over a GraphStore, level by level: each level is sorted into (fqn, id)
// order before it is expanded, so the edge that first reaches an asset, and every output, is
// independent of how the store was built or edited. Visited markers, level buffers and team
// tallies are thread-local scratch reused across queries (a generation stamp replaces clearing).
#pragma once

#include <cstdint>

#include "graph/dependency_index.hpp"
#include "graph/graph_store.hpp"

namespace tessera::graph {

class Traverser {
  public:
    static LineageResult lineage(const GraphStore& store, uint32_t root, Direction direction,
                                 uint32_t maxDepth);
    static ImpactResult impact(const GraphStore& store, uint32_t root, uint32_t maxDepth);
    static RadiusSummary summary(const GraphStore& store, uint32_t root, Direction direction,
                                 uint32_t maxDepth);
};

}  // namespace tessera::graph
