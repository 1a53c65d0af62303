#include "benchmarks/recursive_radius.hpp"

#include <algorithm>
#include <stdexcept>

namespace tessera::bench {

// UNION (not UNION ALL) drops a (asset, depth) pair already produced, so each asset is expanded
// at most once per depth and cycles end at the depth bound.
const char* const kDownstreamWalk = R"sql(walk(asset_id, depth) AS (
    SELECT d.dependent_asset_id, 1
      FROM core.dependencies d
     WHERE d.dependency_asset_id = $1::uuid
  UNION
    SELECT d.dependent_asset_id, w.depth + 1
      FROM walk w
      JOIN core.dependencies d ON d.dependency_asset_id = w.asset_id
     WHERE w.depth < $2::int
))sql";

namespace {

// Nothing filters on deleted_at: the index traverses soft-deleted assets and flags them.
const std::string kRadius = std::string("WITH RECURSIVE ") + kDownstreamWalk + R"sql(
SELECT a.id::text, min(w.depth), a.deleted_at IS NOT NULL
  FROM walk w
  JOIN core.assets a ON a.id = w.asset_id
 WHERE w.asset_id <> $1::uuid
 GROUP BY a.id)sql";

void sortById(Radius& radius) {
    std::sort(radius.begin(), radius.end(),
              [](const RadiusEntry& a, const RadiusEntry& b) { return a.id < b.id; });
}

std::string describe(const RadiusEntry& entry) {
    return entry.id.toString() + " at depth " + std::to_string(entry.depth) +
           (entry.deleted ? " (deleted)" : "");
}

}  // namespace

RecursiveRadius::RecursiveRadius(const std::string& url) : connection_(url) {
    connection_.prepare("radius", kRadius);
}

Radius RecursiveRadius::downstream(const graph::Uuid& root, uint32_t maxDepth) {
    pqxx::nontransaction query(connection_);
    const pqxx::result rows =
        query.exec_prepared("radius", root.toString(), static_cast<int>(maxDepth));
    Radius radius;
    radius.reserve(rows.size());
    for (const auto& row : rows) {
        const auto id = graph::Uuid::parse(std::string_view(row[0].c_str(), row[0].size()));
        if (!id) throw std::runtime_error("bad uuid from Postgres: " + row[0].as<std::string>());
        radius.push_back({*id, row[1].as<uint32_t>(), row[2].as<bool>()});
    }
    sortById(radius);
    return radius;
}

Radius indexRadius(const graph::LineageResult& lineage) {
    Radius radius;
    radius.reserve(lineage.assets.size());
    for (const graph::ReachedAsset& asset : lineage.assets) {
        radius.push_back({asset.id, asset.depth, asset.deleted});
    }
    sortById(radius);
    return radius;
}

std::string firstDifference(const Radius& index, const Radius& postgres) {
    const std::string sizes = " (index lists " + std::to_string(index.size()) +
                              " assets, Postgres " + std::to_string(postgres.size()) + ")";
    for (size_t i = 0; i < std::min(index.size(), postgres.size()); ++i) {
        if (index[i] == postgres[i]) continue;
        return "index has " + describe(index[i]) + ", Postgres " + describe(postgres[i]) + sizes;
    }
    return index.size() == postgres.size() ? std::string() : "different sizes" + sizes;
}

}  // namespace tessera::bench
