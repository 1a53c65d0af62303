// The column-level blast radius over a GraphStore (issue 20 item 3): breadth-first by level,
// each asset carrying the set of its columns reached so far; an asset is expanded again only with
// the columns that are new to it, so cycles end (sets only grow) and every column is followed
// once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/dependency_index.hpp"
#include "graph/graph_store.hpp"

namespace tessera::graph {

ColumnRadius columnRadiusOf(const GraphStore& store, uint32_t root,
                            const std::vector<std::string>& columns, uint32_t maxDepth,
                            bool everyColumn);

}  // namespace tessera::graph
