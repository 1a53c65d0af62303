// The baseline the in-memory index is measured against: the downstream radius of an asset
// computed by Postgres itself with a `WITH RECURSIVE` query over core.dependencies, with the
// index's semantics (every asset within maxDepth hops, once, at its shortest depth; the root
// never listed; soft-deleted assets traversed and flagged, not skipped).
#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "graph/dependency_index.hpp"

namespace tessera::bench {

struct RadiusEntry {
    graph::Uuid id;
    uint32_t depth = 0;
    bool deleted = false;

    friend bool operator==(const RadiusEntry&, const RadiusEntry&) = default;
};

// Sorted by id, so that two radii compare entry by entry.
using Radius = std::vector<RadiusEntry>;

// `walk(asset_id, depth) AS (…)`, to follow WITH RECURSIVE: every (asset, depth) at which a path
// from $1::uuid reaches an asset within $2::int hops downstream; min(depth) is an asset's
// shortest depth, and the root itself may appear (through a cycle).
extern const char* const kDownstreamWalk;

class RecursiveRadius {
  public:
    explicit RecursiveRadius(const std::string& url);

    // One query, prepared once; the result is read and converted (as a client would).
    Radius downstream(const graph::Uuid& root, uint32_t maxDepth);

  private:
    pqxx::connection connection_;
};

// The same radius from the index (the traversal the blast-radius handler runs).
Radius indexRadius(const graph::LineageResult& lineage);

// A one-line description of the first difference, or empty when equal.
std::string firstDifference(const Radius& index, const Radius& postgres);

}  // namespace tessera::bench
