// Every write that changes the dependency graph (assets, dependencies, active contracts,
// registrations) calls markGraphChanged() inside its transaction: it bumps the generation in
// core.graph_state and NOTIFYs the `tessera_graph` channel, so every replica's in-memory index
// learns about the change once it commits, and a replica that missed a notification sees the
// generation jump and rebuilds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/db_session.hpp"

namespace tessera::store {

inline constexpr const char* kGraphChannel = "tessera_graph";

enum class GraphChangeKind { Asset, Dependency, Contract, Registration };

struct GraphChange {
    GraphChangeKind kind;
    std::vector<std::string> ids;  // asset, dependency, contract or registration ids
};

// Returns the new generation.
int64_t markGraphChanged(DbSession& db, const GraphChange& change);

const char* graphChangeKindName(GraphChangeKind kind);

}  // namespace tessera::store
