#include "graph/column_traverser.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace tessera::graph {
namespace {

constexpr uint32_t kEvery = PackedColumnMapping::kEveryColumn;

// What reached one asset: its shortest depth and the affected column ids (kEvery: all).
struct Reach {
    uint32_t depth = 0;
    std::set<uint32_t> columns;
    bool all = false;
};

// The columns newly affected at an asset in this level (all, or these ids).
struct Delta {
    bool all = false;
    std::set<uint32_t> columns;
};

class ColumnTraversal {
  public:
    ColumnTraversal(const GraphStore& store, uint32_t root, uint32_t maxDepth)
        : store_(store), mappings_(store.columnMappings()), root_(root), maxDepth_(maxDepth) {}

    ColumnRadius run(const std::vector<std::string>& columns, bool everyColumn) {
        if (columns.empty() && !everyColumn) return result();
        Delta start;
        start.all = everyColumn;
        for (const std::string& name : columns) {
            // A column no mapping names still reaches dependents whose edges have none.
            start.columns.insert(mappings_.columnId(name));
        }
        std::map<uint32_t, Delta> level{{root_, std::move(start)}};
        for (uint32_t depth = 1; depth <= maxDepth_ && !level.empty(); ++depth) {
            std::map<uint32_t, Delta> next;
            for (const auto& [v, delta] : level) expand(v, delta, depth, next);
            level = std::move(next);
        }
        return result();
    }

  private:
    // Follows every downstream edge of `v` with the columns newly affected at it.
    void expand(uint32_t v, const Delta& delta, uint32_t depth, std::map<uint32_t, Delta>& next) {
        store_.forEachNeighbour(v, Direction::kDownstream, [&](uint32_t child, auto) {
            if (child == root_) return;
            Delta reached;
            if (const auto* packed = mappings_.find(child, v)) {
                for (const PackedColumnMapping& m : *packed) {
                    if (!delta.all && !delta.columns.count(m.source)) continue;
                    if (m.target == kEvery) {
                        reached.all = true;
                    } else {
                        reached.columns.insert(m.target);
                    }
                }
                if (!reached.all && reached.columns.empty()) return;
            } else {
                reached.all = true;
                assumedAll_ = true;
            }
            record(child, reached, depth, next);
        });
    }

    void record(uint32_t child, const Delta& reached, uint32_t depth,
                std::map<uint32_t, Delta>& next) {
        auto [slot, first] = reaches_.try_emplace(child);
        Reach& reach = slot->second;
        if (first) reach.depth = depth;
        if (reach.all) return;
        Delta fresh;
        if (reached.all) {
            reach.all = true;
            reach.columns.clear();
            fresh.all = true;
        } else {
            for (uint32_t column : reached.columns) {
                if (reach.columns.insert(column).second) fresh.columns.insert(column);
            }
            if (fresh.columns.empty()) return;
        }
        Delta& queued = next[child];
        queued.all = queued.all || fresh.all;
        queued.columns.insert(fresh.columns.begin(), fresh.columns.end());
    }

    ColumnRadius result() const {
        ColumnRadius radius;
        radius.maxDepth = maxDepth_;
        radius.generation = store_.generation();
        radius.assumedAllColumns = assumedAll_;
        radius.storage = store_.fqnStorage();
        std::vector<uint32_t> order;
        for (const auto& [v, reach] : reaches_) order.push_back(v);
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
            const uint32_t da = reaches_.at(a).depth, db = reaches_.at(b).depth;
            return da != db ? da < db : store_.nameLess(a, b);
        });
        for (uint32_t v : order) {
            const Reach& reach = reaches_.at(v);
            const VertexRecord& record = store_.vertex(v);
            ColumnReachedAsset asset{store_.vertexId(v),
                                     store_.teamId(record.ownerTeam),
                                     store_.fqn(v),
                                     reach.depth,
                                     record.deleted(),
                                     reach.all,
                                     {}};
            for (uint32_t column : reach.columns) {
                asset.columns.push_back(mappings_.columnName(column));
            }
            std::sort(asset.columns.begin(), asset.columns.end());
            radius.assets.push_back(std::move(asset));
        }
        return radius;
    }

    const GraphStore& store_;
    const ColumnMappingTable& mappings_;
    const uint32_t root_;
    const uint32_t maxDepth_;
    std::unordered_map<uint32_t, Reach> reaches_;
    bool assumedAll_ = false;
};

}  // namespace

ColumnRadius columnRadiusOf(const GraphStore& store, uint32_t root,
                            const std::vector<std::string>& columns, uint32_t maxDepth,
                            bool everyColumn) {
    return ColumnTraversal(store, root, maxDepth).run(columns, everyColumn);
}

}  // namespace tessera::graph
