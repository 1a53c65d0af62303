#include "graph/traverser.hpp"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace tessera::graph {
namespace {

// A vertex of the current or next level, as (rank << 32 | vertex): sorting the keys sorts by
// rank, i.e. by (fqn, id), as long as every rank is known.
uint64_t levelKey(uint32_t rank, uint32_t vertex) {
    return (uint64_t{rank} << 32) | vertex;
}
uint32_t keyRank(uint64_t key) {
    return static_cast<uint32_t>(key >> 32);
}
uint32_t keyVertex(uint64_t key) {
    return static_cast<uint32_t>(key);
}

// Marks that are "set" when equal to the current stamp, so a query starts with a clean set in
// O(1) instead of clearing an array the size of the graph.
class StampSet {
  public:
    void begin(size_t size) {
        if (marks_.size() < size) marks_.resize(size, 0);
        if (++stamp_ == 0) {  // wrapped: forget every old mark
            std::fill(marks_.begin(), marks_.end(), 0);
            stamp_ = 1;
        }
    }
    // True if `index` was not marked yet (and marks it).
    bool insert(uint32_t index) {
        if (marks_[index] == stamp_) return false;
        marks_[index] = stamp_;
        return true;
    }
    // For the hot loop: raw access, so that the compiler keeps them in registers.
    uint32_t* marks() noexcept { return marks_.data(); }
    uint32_t stamp() const noexcept { return stamp_; }

  private:
    std::vector<uint32_t> marks_;
    uint32_t stamp_ = 0;
};

struct Scratch {
    StampSet visited;                    // per vertex
    std::vector<DependencyType> typeOf;  // per vertex: the edge that first reached it
    std::vector<uint64_t> level;         // level keys
    std::vector<uint64_t> next;
    std::vector<uint64_t> sortBuffer;
    std::vector<uint32_t> reached;    // vertices in (depth, fqn, id) order
    std::vector<uint32_t> depthEnd;   // depthEnd[d − 1] = end of depth d in `reached`
    StampSet teamSeen;                // per team: has a TeamTotals row
    StampSet depthTeamSeen;           // per team: owns an asset at the depth being summed up
    std::vector<uint32_t> teamTotal;  // per team: index of its TeamTotals row
};

Scratch& scratch() {
    thread_local Scratch instance;
    return instance;
}

// Least-significant-digit radix sort of the keys by their rank half, 11 bits per pass. Ranks are
// below `rankLimit`, so a graph under 4M vertices needs two passes.
void radixSortByRank(std::vector<uint64_t>& keys, std::vector<uint64_t>& buffer,
                     uint32_t rankLimit) {
    constexpr int kBits = 11;
    constexpr size_t kBuckets = size_t{1} << kBits;
    buffer.resize(keys.size());
    for (int shift = 0; shift < 32 && (uint64_t{rankLimit} >> shift) != 0; shift += kBits) {
        size_t counts[kBuckets] = {};
        for (const uint64_t key : keys) ++counts[(keyRank(key) >> shift) & (kBuckets - 1)];
        size_t position = 0;
        for (size_t& count : counts) position += std::exchange(count, position);
        for (const uint64_t key : keys)
            buffer[counts[(keyRank(key) >> shift) & (kBuckets - 1)]++] = key;
        keys.swap(buffer);
    }
}

void sortLevel(const GraphStore& store, std::vector<uint64_t>& level, bool allRanked,
               std::vector<uint64_t>& buffer) {
    if (!allRanked) {
        // Ranks agree with (fqn, id) order among ranked vertices; compare names when either side
        // was renamed or added since the ranks were computed.
        std::sort(level.begin(), level.end(), [&store](uint64_t a, uint64_t b) {
            if (keyRank(a) != GraphStore::kUnranked && keyRank(b) != GraphStore::kUnranked) {
                return a < b;
            }
            return store.nameLess(keyVertex(a), keyVertex(b));
        });
    } else if (level.size() < 512) {
        std::sort(level.begin(), level.end());
    } else {
        radixSortByRank(level, buffer, static_cast<uint32_t>(store.vertexCount()));
    }
}

// Whether each level is put in (fqn, id) order: listings need it (and so does the edge type that
// first reaches an asset); counts per depth do not.
enum class LevelOrder : bool { kUnordered, kByName };

// Fills s.reached with every vertex within maxDepth hops of root, by depth (and in (fqn, id)
// order within a depth when asked), and s.typeOf with the edge type that first reached each of
// them.
void breadthFirst(const GraphStore& store, uint32_t root, Direction direction, uint32_t maxDepth,
                  Scratch& s, LevelOrder order = LevelOrder::kByName) {
    s.visited.begin(store.vertexCount());
    if (s.typeOf.size() < store.vertexCount()) s.typeOf.resize(store.vertexCount());
    s.visited.insert(root);
    s.reached.clear();
    s.depthEnd.clear();
    s.level.assign(1, levelKey(store.vertex(root).rank, root));
    uint32_t* const marks = s.visited.marks();
    const uint32_t stamp = s.visited.stamp();
    DependencyType* const typeOf = s.typeOf.data();
    for (uint32_t depth = 1; depth <= maxDepth && !s.level.empty(); ++depth) {
        std::vector<uint64_t>& next = s.next;
        next.clear();
        bool allRanked = true;
        for (const uint64_t parent : s.level) {
            store.forEachNeighbour(keyVertex(parent), direction, [&](uint32_t child, auto type) {
                if (marks[child] == stamp) return;
                marks[child] = stamp;
                typeOf[child] = type();
                const uint32_t rank = store.vertex(child).rank;
                allRanked = allRanked && rank != GraphStore::kUnranked;
                next.push_back(levelKey(rank, child));
            });
        }
        if (order == LevelOrder::kByName) sortLevel(store, s.next, allRanked, s.sortBuffer);
        for (const uint64_t key : s.next) s.reached.push_back(keyVertex(key));
        s.depthEnd.push_back(static_cast<uint32_t>(s.reached.size()));
        std::swap(s.level, s.next);
    }
}

LineageResult materialize(const GraphStore& store, uint32_t root, Direction direction,
                          uint32_t maxDepth, const Scratch& s) {
    LineageResult result;
    result.rootId = store.vertexId(root);
    result.direction = direction;
    result.maxDepth = maxDepth;
    result.generation = store.generation();
    result.assets.reserve(s.reached.size());
    uint32_t depth = 1;
    for (size_t i = 0; i < s.reached.size(); ++i) {
        while (i >= s.depthEnd[depth - 1]) ++depth;
        const uint32_t v = s.reached[i];
        const VertexRecord& record = store.vertex(v);
        result.assets.push_back(ReachedAsset{store.vertexId(v), store.teamId(record.ownerTeam),
                                             store.fqn(v), depth, s.typeOf[v], record.deleted()});
    }
    result.storage = store.fqnStorage();
    return result;
}

// Starts a query's per-team rows (teamRow) with none created.
void beginTeamRows(const GraphStore& store, Scratch& s) {
    s.teamSeen.begin(store.teamCount());
    if (s.teamTotal.size() < store.teamCount()) s.teamTotal.resize(store.teamCount());
}

// The row (TeamTotals or TeamSummary) of `team`, created on first use.
template <class Row>
Row& teamRow(const GraphStore& store, Scratch& s, std::vector<Row>& rows, uint32_t team) {
    if (s.teamSeen.insert(team)) {
        s.teamTotal[team] = static_cast<uint32_t>(rows.size());
        Row row{};
        row.teamId = store.teamId(team);
        rows.push_back(row);
    }
    return rows[s.teamTotal[team]];
}

DepthTotals& depthRow(std::vector<DepthTotals>& rows, uint32_t depth) {
    while (rows.size() < depth) rows.push_back(DepthTotals{static_cast<uint32_t>(rows.size() + 1)});
    return rows[depth - 1];
}

// Counts the active registrations on `vertex`'s active contract as consumers at `depth`.
void collectConsumers(const GraphStore& store, uint32_t vertex, uint32_t contract, uint32_t depth,
                      Scratch& s, ImpactResult& result) {
    if (contract == GraphStore::kNone) return;
    const RegistrationTable& registrations = store.registrations();
    registrations.forEachLive(contract, [&](uint32_t slot, const RegistrationRecord& record) {
        if (record.status != RegistrationStatus::kActive) return;
        TeamTotals& team = teamRow(store, s, result.teamTotals, record.team);
        ++team.activeRegistrations;
        ++depthRow(result.depthTotals, depth).activeRegistrations;
        if (team.consumerDepth) return;  // first occurrence wins; later depths are not smaller
        team.consumerDepth = depth;
        ++depthRow(result.depthTotals, depth).consumerTeams;
        ImpactedConsumer consumer;
        consumer.teamId = store.teamId(record.team);
        consumer.status = record.status;
        if (record.pinnedVersion != RegistrationTable::kNoPin) {
            consumer.pinnedVersion = registrations.pinnedVersion(record.pinnedVersion);
        }
        consumer.depth = depth;
        consumer.assetId = store.vertexId(vertex);
        consumer.contractId = registrations.contractId(contract);
        consumer.registrationId = registrations.registrationId(slot);
        result.consumers.push_back(std::move(consumer));
    });
}

// Marks the teams with an active registration on `contract` as registered consumers.
void markConsumers(const GraphStore& store, uint32_t contract, Scratch& s,
                   std::vector<TeamSummary>& rows) {
    if (contract == GraphStore::kNone) return;
    store.registrations().forEachLive(contract, [&](uint32_t, const RegistrationRecord& record) {
        if (record.status == RegistrationStatus::kActive) {
            teamRow(store, s, rows, record.team).registered = true;
        }
    });
}

}  // namespace

LineageResult Traverser::lineage(const GraphStore& store, uint32_t root, Direction direction,
                                 uint32_t maxDepth) {
    Scratch& s = scratch();
    breadthFirst(store, root, direction, maxDepth, s);
    return materialize(store, root, direction, maxDepth, s);
}

ImpactResult Traverser::impact(const GraphStore& store, uint32_t root, uint32_t maxDepth) {
    Scratch& s = scratch();
    breadthFirst(store, root, Direction::kDownstream, maxDepth, s);
    ImpactResult result;
    result.lineage = materialize(store, root, Direction::kDownstream, maxDepth, s);

    beginTeamRows(store, s);
    // Consumers: the root's at depth 1, then those of each asset N < maxDepth hops away at N + 1,
    // in (depth, fqn, id) order, so that the first occurrence of a team is at its smallest depth.
    collectConsumers(store, root, store.vertex(root).activeContract, 1, s, result);
    for (size_t i = 0; i < s.reached.size(); ++i) {
        const ReachedAsset& asset = result.lineage.assets[i];
        const VertexRecord& record = store.vertex(s.reached[i]);
        ++teamRow(store, s, result.teamTotals, record.ownerTeam).ownedAssets;
        DepthTotals& depth = depthRow(result.depthTotals, asset.depth);
        ++depth.assets;
        if (asset.deleted) ++depth.deletedAssets;
        if (asset.depth < maxDepth) {
            collectConsumers(store, s.reached[i], record.activeContract, asset.depth + 1, s,
                             result);
        }
    }
    std::sort(result.teamTotals.begin(), result.teamTotals.end(),
              [](const TeamTotals& a, const TeamTotals& b) { return a.teamId < b.teamId; });
    return result;
}

RadiusSummary Traverser::summary(const GraphStore& store, uint32_t root, Direction direction,
                                 uint32_t maxDepth) {
    Scratch& s = scratch();
    breadthFirst(store, root, direction, maxDepth, s, LevelOrder::kUnordered);
    RadiusSummary result;
    result.generation = store.generation();
    result.totalAssets = s.reached.size();
    beginTeamRows(store, s);
    // The consumers impact() lists: the root's and those of the assets up to maxDepth − 1 hops,
    // marked in the same pass as the owners (one visit of each asset record).
    const bool consumers = direction == Direction::kDownstream;
    if (consumers) markConsumers(store, store.vertex(root).activeContract, s, result.teams);
    uint32_t begin = 0;
    for (uint32_t depth = 1; depth <= s.depthEnd.size(); ++depth) {
        const uint32_t end = s.depthEnd[depth - 1];
        if (end == begin) break;  // the level that ended the search
        DepthSummary totals{depth, end - begin, 0};
        s.depthTeamSeen.begin(store.teamCount());
        const bool consumersCount = consumers && depth < maxDepth;
        for (uint32_t i = begin; i < end; ++i) {
            const VertexRecord& record = store.vertex(s.reached[i]);
            ++teamRow(store, s, result.teams, record.ownerTeam).assets;
            if (s.depthTeamSeen.insert(record.ownerTeam)) ++totals.teams;
            if (consumersCount) markConsumers(store, record.activeContract, s, result.teams);
        }
        result.byDepth.push_back(totals);
        begin = end;
    }
    std::sort(result.teams.begin(), result.teams.end(),
              [](const TeamSummary& a, const TeamSummary& b) { return a.teamId < b.teamId; });
    return result;
}

}  // namespace tessera::graph
