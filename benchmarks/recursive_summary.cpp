#include "benchmarks/recursive_summary.hpp"

#include <algorithm>
#include <stdexcept>

#include "benchmarks/recursive_radius.hpp"

namespace tessera::bench {
namespace {

// The walk is recursive_radius.hpp's. `counted` are the assets whose consumers count (the root
// and the assets less than maxDepth hops away); the current contract is the newest active one,
// as store/graph_source.cpp and ContractRepository::current() pick it.
const std::string kSummary = std::string("WITH RECURSIVE ") + kDownstreamWalk + R"sql(
, radius AS (
    SELECT w.asset_id, min(w.depth) AS depth
      FROM walk w
     WHERE w.asset_id <> $1::uuid
     GROUP BY w.asset_id
), owned AS (
    SELECT r.depth, a.owner_team_id AS team
      FROM radius r
      JOIN core.assets a ON a.id = r.asset_id
), counted AS (
    SELECT $1::uuid AS asset_id
    UNION ALL
    SELECT r.asset_id FROM radius r WHERE r.depth < $2::int
), consumers AS (
    SELECT DISTINCT g.consumer_team_id AS team
      FROM counted k
      JOIN LATERAL (SELECT c.id FROM core.contracts c
                     WHERE c.asset_id = k.asset_id AND c.status = 'active'
                     ORDER BY c.published_at DESC, c.id DESC LIMIT 1) current ON true
      JOIN core.registrations g ON g.contract_id = current.id AND g.status = 'active'
)
SELECT 'd', o.depth::text, count(*), count(DISTINCT o.team)
  FROM owned o GROUP BY o.depth
UNION ALL
SELECT 't', coalesce(t.team, c.team)::text, coalesce(t.assets, 0), (c.team IS NOT NULL)::int
  FROM (SELECT o.team, count(*) AS assets FROM owned o GROUP BY o.team) t
  FULL JOIN consumers c ON c.team = t.team)sql";

std::string describe(const graph::DepthSummary& d) {
    return "depth " + std::to_string(d.depth) + ": " + std::to_string(d.assets) + " assets, " +
           std::to_string(d.teams) + " teams";
}

std::string describe(const graph::TeamSummary& t) {
    return "team " + t.teamId.toString() + ": " + std::to_string(t.assets) + " assets" +
           (t.registered ? ", registered" : "");
}

}  // namespace

RecursiveSummary::RecursiveSummary(const std::string& url) : connection_(url) {
    connection_.prepare("summary", kSummary);
}

graph::RadiusSummary RecursiveSummary::downstream(const graph::Uuid& root, uint32_t maxDepth) {
    pqxx::nontransaction query(connection_);
    const pqxx::result rows =
        query.exec_prepared("summary", root.toString(), static_cast<int>(maxDepth));
    graph::RadiusSummary summary;
    for (const auto& row : rows) {
        const uint32_t first = row[2].as<uint32_t>(), second = row[3].as<uint32_t>();
        if (row[0].as<std::string>() == "d") {
            summary.byDepth.push_back({row[1].as<uint32_t>(), first, second});
            summary.totalAssets += first;
            continue;
        }
        const auto id = graph::Uuid::parse(std::string_view(row[1].c_str(), row[1].size()));
        if (!id) throw std::runtime_error("bad uuid from Postgres: " + row[1].as<std::string>());
        summary.teams.push_back({*id, first, second != 0});
    }
    std::sort(summary.byDepth.begin(), summary.byDepth.end(),
              [](const auto& a, const auto& b) { return a.depth < b.depth; });
    std::sort(summary.teams.begin(), summary.teams.end(),
              [](const auto& a, const auto& b) { return a.teamId < b.teamId; });
    return summary;
}

std::string firstDifference(const graph::RadiusSummary& index,
                            const graph::RadiusSummary& postgres) {
    if (index.totalAssets != postgres.totalAssets) {
        return "index counts " + std::to_string(index.totalAssets) + " assets, Postgres " +
               std::to_string(postgres.totalAssets);
    }
    for (size_t i = 0; i < std::max(index.byDepth.size(), postgres.byDepth.size()); ++i) {
        const std::string a = i < index.byDepth.size() ? describe(index.byDepth[i]) : "nothing";
        const std::string b =
            i < postgres.byDepth.size() ? describe(postgres.byDepth[i]) : "nothing";
        if (a != b) return "index has " + a + ", Postgres " + b;
    }
    for (size_t i = 0; i < std::max(index.teams.size(), postgres.teams.size()); ++i) {
        const std::string a = i < index.teams.size() ? describe(index.teams[i]) : "nothing";
        const std::string b = i < postgres.teams.size() ? describe(postgres.teams[i]) : "nothing";
        if (a != b) return "index has " + a + ", Postgres " + b;
    }
    return {};
}

}  // namespace tessera::bench
