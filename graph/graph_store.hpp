// The content of the index: per-asset records, the Boost.Graph CSR of edges with its write
// overlay, teams and registrations. Not synchronised: DependencyIndex decides who may read and
// who may write (see its header).
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/dependency_index.hpp"
#include "graph/registration_table.hpp"
#include "graph/uuid_interner.hpp"

namespace tessera::graph {

// Edges `dependent → dependency`: out-edges are an asset's dependencies (upstream), in-edges its
// dependents (downstream). The edge bundle is the dependency type (one byte).
using CompactGraph =
    boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, DependencyType,
                                       boost::no_property, uint32_t, uint32_t>;

struct VertexRecord {
    uint32_t fqnOffset = 0;  // into the FQN text
    uint32_t rank = 0;       // position in (fqn, id) order, or GraphStore::kUnranked
    uint32_t ownerTeam = 0;
    uint32_t activeContract = 0;  // contract slot, or GraphStore::kNone
    uint32_t overlay = 0;         // slot in the overlay, or GraphStore::kNone
    uint16_t fqnLength = 0;
    bool deleted = false;
};

class GraphStore {
public:
    static constexpr uint32_t kNone = UINT32_MAX;
    static constexpr uint32_t kUnranked = UINT32_MAX;

    uint64_t generation() const noexcept { return generation_; }
    void setGeneration(uint64_t generation) noexcept { generation_ = generation; }

    // ---- reads
    uint32_t findVertex(const Uuid& id) const noexcept;
    size_t vertexCount() const noexcept { return vertices_.size(); }
    const Uuid& vertexId(uint32_t v) const noexcept { return ids_[v]; }
    const VertexRecord& vertex(uint32_t v) const noexcept { return vertices_[v]; }
    std::string_view fqn(uint32_t v) const noexcept {
        return {fqnText_.data() + vertices_[v].fqnOffset, vertices_[v].fqnLength};
    }
    // (fqn, id) order of two vertices.
    bool nameLess(uint32_t a, uint32_t b) const noexcept;
    const Uuid& teamId(uint32_t team) const noexcept { return teams_[team]; }
    size_t teamCount() const noexcept { return teams_.size(); }
    const RegistrationTable& registrations() const noexcept { return registrations_; }
    size_t fqnTextSize() const noexcept { return fqnText_.size(); }
    size_t edgeCount() const noexcept { return compactEdges() - removedEdges_ + overlayEdges_; }

    // Calls visit(neighbour, type) for every live edge of `v` in `direction`.
    template <class Visit>
    void forEachNeighbour(uint32_t v, Direction direction, Visit&& visit) const;

    // ---- writes (inputs validated by the caller)
    uint32_t upsertAsset(const AssetRow& row);
    void putEdge(uint32_t dependent, uint32_t dependency, DependencyType type);
    void removeEdge(uint32_t dependent, uint32_t dependency);
    void putRegistration(const RegistrationRow& row);
    void removeRegistration(const Uuid& registrationId) { registrations_.remove(registrationId); }

    // ---- bulk construction
    void reserve(size_t assets, size_t registrations);
    // Replaces the CSR with these edges and clears the overlay. Throws std::invalid_argument on a
    // repeated (dependent, dependency) pair.
    void installCompactEdges(const std::vector<std::pair<uint32_t, uint32_t>>& edges,
                             const std::vector<DependencyType>& types);
    // Gives every unranked vertex its rank, renumbering all ranks 0..n−1.
    void rankVertices();
    void shrinkToFit();

    // ---- maintenance
    bool needsCompaction() const noexcept;
    // The same content with the overlay folded into a new CSR, fresh ranks, compact FQN text
    // and registrations. Vertex numbering is kept.
    std::unique_ptr<GraphStore> compacted() const;
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
    size_t compactVertexCount() const noexcept { return compact_ ? boost::num_vertices(*compact_) : 0; }
    bool isRemoved(uint32_t edge) const noexcept {
        return (removed_[edge >> 6] >> (edge & 63)) & 1;
    }
    uint32_t findCompactEdge(uint32_t dependent, uint32_t dependency) const;
    Arc* findOverlayArc(std::vector<Arc>& arcs, uint32_t vertex);
    OverlayLists& overlayOf(uint32_t v);
    void setFqn(VertexRecord& record, std::string_view fqn);

    uint64_t generation_ = 0;
    UuidInterner ids_;                    // asset ids: vertex v is ids_[v]
    std::vector<VertexRecord> vertices_;  // per vertex
    std::vector<char> fqnText_;
    size_t orphanedFqnBytes_ = 0;  // text of replaced FQNs
    size_t unranked_ = 0;
    UuidInterner teams_;
    RegistrationTable registrations_;

    // Edges: the CSR is immutable once built (so snapshot copies share it); writes tombstone
    // its edges and add to the overlay.
    std::shared_ptr<const CompactGraph> compact_;
    std::vector<uint64_t> removed_;  // bit per CSR edge
    size_t removedEdges_ = 0;
    std::vector<OverlayLists> overlay_;
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
                visit(boost::source(edge, g), g[edge]);
            }
        } else {
            for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
                const auto edge = *it;
                if (anyRemoved && isRemoved(edge.idx)) continue;
                visit(boost::target(edge, g), g[edge]);
            }
        }
    }
    const uint32_t slot = vertices_[v].overlay;
    if (slot == kNone) return;
    const OverlayLists& lists = overlay_[slot];
    for (const Arc& arc :
         direction == Direction::kDownstream ? lists.dependents : lists.dependencies) {
        visit(arc.vertex, arc.type);
    }
}

}  // namespace tessera::graph
