// Every write that changes what the dependency-graph index holds (assets, dependencies, active
// contracts, registrations, team names) records a GraphChange inside its transaction: the
// generation in core.graph_state is bumped and the `tessera_graph` channel is NOTIFYed, so every
// replica refreshes exactly those rows once the write commits, and a replica that missed a
// notification sees the generation jump and rebuilds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"

namespace tessera::store {

inline constexpr const char* kGraphChannel = "tessera_graph";

// What to re-read. An asset refresh covers its row, its active contract and its upstream edges.
struct GraphChange {
    std::vector<std::string> assetIds;
    std::vector<std::string> registrationIds;
    std::vector<std::string> teamIds;

    bool empty() const { return assetIds.empty() && registrationIds.empty() && teamIds.empty(); }
    void merge(const GraphChange& other);
};

// Bumps the generation and NOTIFYs; returns the new generation.
int64_t markGraphChanged(DbSession& db, const GraphChange& change);

// NOTIFY payload: "<generation> a:<id> r:<id> t:<id> …". A payload too long for NOTIFY carries
// "<generation> *", which tells listeners to rebuild.
struct ParsedGraphChange {
    int64_t generation = 0;
    GraphChange change;
    bool complete = true;  // false: ids were left out, rebuild
};
std::optional<ParsedGraphChange> parseGraphChangePayload(const std::string& payload);

}  // namespace tessera::store
