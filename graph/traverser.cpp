#include "graph/traverser.hpp"

#include <algorithm>
#include <vector>

namespace tessera::graph {
namespace {

struct LevelEntry {
    uint32_t rank;  // copied from the vertex record: sorting touches only this array
    uint32_t vertex;
    DependencyType type;
};

struct ReachedEntry {
    uint32_t vertex;
    uint32_t depth;
    DependencyType type;
};

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
    bool contains(uint32_t index) const { return marks_[index] == stamp_; }

private:
    std::vector<uint32_t> marks_;
    uint32_t stamp_ = 0;
};

struct Scratch {
    StampSet visited;  // per vertex
    std::vector<LevelEntry> level;
    std::vector<LevelEntry> next;
    std::vector<ReachedEntry> reached;
    StampSet teamSeen;                // per team: has a TeamTotals row
    std::vector<uint32_t> teamTotal;  // per team: index of its TeamTotals row
};

Scratch& scratch() {
    thread_local Scratch instance;
    return instance;
}

void sortLevel(const GraphStore& store, std::vector<LevelEntry>& level, bool allRanked) {
    if (allRanked) {
        std::sort(level.begin(), level.end(),
                  [](const LevelEntry& a, const LevelEntry& b) { return a.rank < b.rank; });
        return;
    }
    // Ranks agree with (fqn, id) order among ranked vertices; compare names when either side
    // was renamed or added since the ranks were computed.
    std::sort(level.begin(), level.end(), [&store](const LevelEntry& a, const LevelEntry& b) {
        if (a.rank != GraphStore::kUnranked && b.rank != GraphStore::kUnranked) {
            return a.rank < b.rank;
        }
        return store.nameLess(a.vertex, b.vertex);
    });
}

// Fills s.reached with every vertex within maxDepth hops of root, in (depth, fqn, id) order.
void breadthFirst(const GraphStore& store, uint32_t root, Direction direction, uint32_t maxDepth,
                  Scratch& s) {
    s.visited.begin(store.vertexCount());
    s.visited.insert(root);
    s.reached.clear();
    s.level.clear();
    s.level.push_back({store.vertex(root).rank, root, DependencyType::kConsumes});
    for (uint32_t depth = 1; depth <= maxDepth && !s.level.empty(); ++depth) {
        s.next.clear();
        bool allRanked = true;
        for (const LevelEntry& parent : s.level) {
            store.forEachNeighbour(parent.vertex, direction,
                                   [&](uint32_t child, DependencyType type) {
                                       if (!s.visited.insert(child)) return;
                                       const uint32_t rank = store.vertex(child).rank;
                                       allRanked = allRanked && rank != GraphStore::kUnranked;
                                       s.next.push_back({rank, child, type});
                                   });
        }
        sortLevel(store, s.next, allRanked);
        for (const LevelEntry& entry : s.next) s.reached.push_back({entry.vertex, depth, entry.type});
        std::swap(s.level, s.next);
    }
}

LineageResult materialize(const GraphStore& store, uint32_t root, Direction direction,
                          uint32_t maxDepth, const std::vector<ReachedEntry>& reached) {
    LineageResult result;
    result.rootId = store.vertexId(root);
    result.direction = direction;
    result.maxDepth = maxDepth;
    result.generation = store.generation();
    size_t textBytes = 0;
    for (const ReachedEntry& entry : reached) textBytes += store.vertex(entry.vertex).fqnLength;
    auto text = std::make_shared<std::string>();
    text->reserve(textBytes);
    for (const ReachedEntry& entry : reached) text->append(store.fqn(entry.vertex));
    result.assets.reserve(reached.size());
    size_t offset = 0;
    for (const ReachedEntry& entry : reached) {
        const VertexRecord& record = store.vertex(entry.vertex);
        ReachedAsset asset;
        asset.id = store.vertexId(entry.vertex);
        asset.ownerTeamId = store.teamId(record.ownerTeam);
        asset.fqn = std::string_view(text->data() + offset, record.fqnLength);
        asset.depth = entry.depth;
        asset.dependencyType = entry.type;
        asset.deleted = record.deleted;
        result.assets.push_back(asset);
        offset += record.fqnLength;
    }
    result.text = std::move(text);
    return result;
}

// The TeamTotals row of `team`, created on first use.
TeamTotals& teamRow(const GraphStore& store, Scratch& s, std::vector<TeamTotals>& rows,
                    uint32_t team) {
    if (s.teamSeen.insert(team)) {
        s.teamTotal[team] = static_cast<uint32_t>(rows.size());
        rows.push_back(TeamTotals{store.teamId(team), 0, 0, std::nullopt});
    }
    return rows[s.teamTotal[team]];
}

DepthTotals& depthRow(std::vector<DepthTotals>& rows, uint32_t depth) {
    while (rows.size() < depth) rows.push_back(DepthTotals{static_cast<uint32_t>(rows.size() + 1)});
    return rows[depth - 1];
}

// Counts the active registrations on `vertex`'s active contract as consumers at `depth`.
void collectConsumers(const GraphStore& store, uint32_t vertex, uint32_t depth, Scratch& s,
                      ImpactResult& result) {
    const uint32_t contract = store.vertex(vertex).activeContract;
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

}  // namespace

LineageResult Traverser::lineage(const GraphStore& store, uint32_t root, Direction direction,
                                 uint32_t maxDepth) {
    Scratch& s = scratch();
    breadthFirst(store, root, direction, maxDepth, s);
    return materialize(store, root, direction, maxDepth, s.reached);
}

ImpactResult Traverser::impact(const GraphStore& store, uint32_t root, uint32_t maxDepth) {
    Scratch& s = scratch();
    breadthFirst(store, root, Direction::kDownstream, maxDepth, s);
    ImpactResult result;
    result.lineage = materialize(store, root, Direction::kDownstream, maxDepth, s.reached);

    s.teamSeen.begin(store.teamCount());
    if (s.teamTotal.size() < store.teamCount()) s.teamTotal.resize(store.teamCount());
    // Consumers: the root's at depth 1, then those of each asset N < maxDepth hops away at N + 1,
    // in (depth, fqn, id) order, so that the first occurrence of a team is at its smallest depth.
    collectConsumers(store, root, 1, s, result);
    for (const ReachedEntry& entry : s.reached) {
        if (entry.depth >= maxDepth) break;
        collectConsumers(store, entry.vertex, entry.depth + 1, s, result);
    }
    for (const ReachedEntry& entry : s.reached) {
        const VertexRecord& record = store.vertex(entry.vertex);
        ++teamRow(store, s, result.teamTotals, record.ownerTeam).ownedAssets;
        DepthTotals& depth = depthRow(result.depthTotals, entry.depth);
        ++depth.assets;
        if (record.deleted) ++depth.deletedAssets;
    }
    std::sort(result.teamTotals.begin(), result.teamTotals.end(),
              [](const TeamTotals& a, const TeamTotals& b) { return a.teamId < b.teamId; });
    return result;
}

}  // namespace tessera::graph
