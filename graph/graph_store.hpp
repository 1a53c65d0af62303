// The content of the index: per-asset records, the Boost.Graph CSR of edges with its write
// overlay, teams and registrations. Not synchronised: DependencyIndex decides who may read and
// who may write (see its header).
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/column_mapping_table.hpp"
#include "graph/dependency_index.hpp"
#include "graph/fqn_arena.hpp"
#include "graph/registration_table.hpp"
#include "graph/uuid_interner.hpp"

namespace tessera::graph {

// Edges `dependent → dependency`: out-edges are an asset's dependencies (upstream), in-edges its
// dependents (downstream). The edge bundle is the dependency type (one byte).
using CompactGraph =
    boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, DependencyType,
                                       boost::no_property, uint32_t, uint32_t>;

struct VertexRecord {
    static constexpr uint8_t kDeleted = 1;
    static constexpr uint8_t kHasOverlay = 2;  // has an entry in the overlay

    uint32_t fqnOffset = 0;  // into the FQN arena
    uint32_t rank = 0;       // position in (fqn, id) order, or GraphStore::kUnranked
    uint32_t ownerTeam = 0;
    uint32_t activeContract = 0;  // contract slot, or GraphStore::kNone
    uint16_t fqnLength = 0;
    uint8_t flags = 0;

    bool deleted() const noexcept { return flags & kDeleted; }
};
static_assert(sizeof(VertexRecord) == 20, "asset records are counted in the memory budget");

// Upper bounds of what one batch may add.
struct StoreGrowth {
    size_t assets = 0;
    size_t teams = 0;
    size_t contracts = 0;
    size_t registrations = 0;
};

class GraphStore {
  public:
    static constexpr uint32_t kNone = UINT32_MAX;
    static constexpr uint32_t kUnranked = UINT32_MAX;

    uint64_t generation() const noexcept { return generation_; }
    void setGeneration(uint64_t generation) noexcept { generation_ = generation; }

    // ---- reads
    uint32_t findVertex(const Uuid& id) const noexcept;
    void findVertices(const Uuid* ids, size_t count, uint32_t* vertices) const noexcept {
        static_assert(UuidInterner::kNotFound == kNone);
        ids_.findMany(ids, count, vertices);
    }
    size_t vertexCount() const noexcept { return vertices_.size(); }
    const Uuid& vertexId(uint32_t v) const noexcept { return ids_[v]; }
    const VertexRecord& vertex(uint32_t v) const noexcept { return vertices_[v]; }
    std::string_view fqn(uint32_t v) const noexcept {
        return fqnText_.view(vertices_[v].fqnOffset, vertices_[v].fqnLength);
    }
    // Keeps the text behind fqn() alive and unchanged (see FqnArena).
    std::shared_ptr<const void> fqnStorage() const noexcept { return fqnText_.keepAlive(); }
    // (fqn, id) order of two vertices.
    bool nameLess(uint32_t a, uint32_t b) const noexcept;
    const Uuid& teamId(uint32_t team) const noexcept { return teams_[team]; }
    bool knowsTeam(const Uuid& id) const noexcept {
        return teams_.find(id) != UuidInterner::kNotFound;
    }
    bool knowsContract(const Uuid& id) const noexcept {
        return registrations_.findContract(id) != UuidInterner::kNotFound;
    }
    bool knowsRegistration(const Uuid& id) const noexcept { return registrations_.contains(id); }
    size_t teamCount() const noexcept { return teams_.size(); }
    size_t contractCount() const noexcept { return registrations_.contractCount(); }
    size_t registrationCount() const noexcept {
        return registrations_.liveCount() + registrations_.removedCount();
    }
    const RegistrationTable& registrations() const noexcept { return registrations_; }
    bool fqnTextFits(size_t bytes) const noexcept { return fqnText_.fits(bytes); }
    size_t edgeCount() const noexcept { return compactEdges() - removedEdges_ + overlayEdges_; }

    // Calls visit(neighbour, typeOf) for every live edge of `v` in `direction`; typeOf() returns
    // the edge's type (read lazily: most edges of a traversal lead to visited vertices).
    template <class Visit>
    void forEachNeighbour(uint32_t v, Direction direction, Visit&& visit) const;

    // ---- writes (inputs validated by the caller)
    uint32_t upsertAsset(const AssetRow& row);
    void setActiveContract(uint32_t v, const Uuid& contractId) {
        vertices_[v].activeContract = registrations_.internContract(contractId);
    }
    void putEdge(uint32_t dependent, uint32_t dependency, DependencyType type,
                 const std::vector<core::ColumnMapping>& mappings = {});
    // The mappings of an edge added to the builder (its CSR is installed later).
    void putColumnMappings(uint32_t dependent, uint32_t dependency,
                           const std::vector<core::ColumnMapping>& mappings) {
        columnMappings_.put(dependent, dependency, mappings);
    }
    const ColumnMappingTable& columnMappings() const noexcept { return columnMappings_; }
    void removeEdge(uint32_t dependent, uint32_t dependency);
    void putRegistration(const RegistrationRow& row);
    void removeRegistration(const Uuid& registrationId) { registrations_.remove(registrationId); }

    // ---- bulk construction
    void reserve(const StoreGrowth& counts);
    // Replaces the CSR with these edges and clears the overlay. Throws std::invalid_argument on a
    // repeated (dependent, dependency) pair.
    void installCompactEdges(const std::vector<std::pair<uint32_t, uint32_t>>& edges,
                             const std::vector<DependencyType>& types);
    // Gives every unranked vertex its rank, renumbering all ranks 0..n−1.
    void rankVertices();
    // Frees spare capacity beyond room for `headroom`.
    void shrinkToFit(const StoreGrowth& headroom = {});

    // ---- maintenance
    // Whether `growth` fits in the current allocations: then applying the batch moves no large
    // array, and the exclusive section stays O(batch).
    bool hasRoomFor(const StoreGrowth& growth) const noexcept;
    bool needsCompaction() const noexcept;
    // The same content with the overlay folded into a new CSR, fresh ranks, compact FQN text
    // and registrations, and room for `growth` plus 1/32 of the current sizes. Vertex numbering
    // is kept.
    std::unique_ptr<GraphStore> compacted(const StoreGrowth& growth = {}) const;
    IndexStats stats() const;

  private:
    struct Arc {
        uint32_t vertex;
        DependencyType type;
    };
    struct OverlayLists {
        std::vector<Arc> dependencies;  // out
        std::vector<Arc> dependents;    // in
    };

    size_t compactEdges() const noexcept { return compact_ ? boost::num_edges(*compact_) : 0; }
    size_t compactVertexCount() const noexcept {
        return compact_ ? boost::num_vertices(*compact_) : 0;
    }
    bool isRemoved(uint32_t edge) const noexcept {
        return (removed_[edge >> 6] >> (edge & 63)) & 1;
    }
    uint32_t findCompactEdge(uint32_t dependent, uint32_t dependency) const;
    static Arc* findOverlayArc(std::vector<Arc>& arcs, uint32_t vertex);
    OverlayLists& overlayOf(uint32_t v);
    OverlayLists* existingOverlay(uint32_t v);
    void setFqn(VertexRecord& record, std::string_view fqn);

    uint64_t generation_ = 0;
    UuidInterner ids_;                    // asset ids: vertex v is ids_[v]
    std::vector<VertexRecord> vertices_;  // per vertex
    FqnArena fqnText_;
    size_t orphanedFqnBytes_ = 0;  // text of replaced FQNs
    size_t unranked_ = 0;
    UuidInterner teams_;
    RegistrationTable registrations_;
    ColumnMappingTable columnMappings_;  // by (dependent, dependency) vertices

    // Edges: the CSR is immutable once built (so snapshot copies share it); writes tombstone
    // its edges and add to the overlay.
    std::shared_ptr<const CompactGraph> compact_;
    std::vector<uint64_t> removed_;  // bit per CSR edge
    size_t removedEdges_ = 0;
    std::unordered_map<uint32_t, OverlayLists> overlay_;  // by vertex; only kHasOverlay ones
    size_t overlayEdges_ = 0;
};

template <class Visit>
void GraphStore::forEachNeighbour(uint32_t v, Direction direction, Visit&& visit) const {
    if (v < compactVertexCount()) {
        const CompactGraph& g = *compact_;
        const bool anyRemoved = removedEdges_ != 0;
        if (direction == Direction::kDownstream) {
            for (auto [it, end] = boost::in_edges(v, g); it != end; ++it) {
                const auto edge = *it;
                if (anyRemoved && isRemoved(edge.idx)) continue;
                visit(boost::source(edge, g), [&g, edge] { return g[edge]; });
            }
        } else {
            for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
                const auto edge = *it;
                if (anyRemoved && isRemoved(edge.idx)) continue;
                visit(boost::target(edge, g), [&g, edge] { return g[edge]; });
            }
        }
    }
    if (!(vertices_[v].flags & VertexRecord::kHasOverlay)) return;
    const OverlayLists& lists = overlay_.find(v)->second;
    for (const Arc& arc :
         direction == Direction::kDownstream ? lists.dependents : lists.dependencies) {
        visit(arc.vertex, [&arc] { return arc.type; });
    }
}

}  // namespace tessera::graph
