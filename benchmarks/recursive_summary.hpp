// The baseline of the blast radius's `view=summary`: the same aggregate computed by Postgres
// with one `WITH RECURSIVE` query (the radius as in recursive_radius.hpp, then assets and owner
// teams per depth, owned assets per team, and which teams are registered consumers: an active
// registration on the newest active contract of the root or of an asset < maxDepth hops away).
#pragma once

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "graph/dependency_index.hpp"

namespace tessera::bench {

class RecursiveSummary {
  public:
    explicit RecursiveSummary(const std::string& url);

    // One query, prepared once; the rows are read into the index's own summary type (depths in
    // order, teams by id), so that the two compare field by field. `generation` is left 0.
    graph::RadiusSummary downstream(const graph::Uuid& root, uint32_t maxDepth);

  private:
    pqxx::connection connection_;
};

// A one-line description of the first difference (generation ignored), or empty when equal.
std::string firstDifference(const graph::RadiusSummary& index,
                            const graph::RadiusSummary& postgres);

}  // namespace tessera::bench
