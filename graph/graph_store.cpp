#include "graph/graph_store.hpp"

#include "graph/fit_capacity.hpp"

#include <algorithm>
#include <stdexcept>

namespace tessera::graph {
namespace {

template <class T>
size_t capacityBytes(const std::vector<T>& values) {
    return values.capacity() * sizeof(T);
}

}  // namespace

uint32_t GraphStore::findVertex(const Uuid& id) const noexcept {
    const uint32_t v = ids_.find(id);
    return v == UuidInterner::kNotFound ? kNone : v;
}

bool GraphStore::nameLess(uint32_t a, uint32_t b) const noexcept {
    const int order = fqn(a).compare(fqn(b));
    if (order != 0) return order < 0;
    return ids_[a] < ids_[b];
}

// ---- writes

void GraphStore::setFqn(VertexRecord& record, std::string_view fqn) {
    if (fqn.size() > kMaxFqnBytes) throw std::invalid_argument("fqn longer than 65535 bytes");
    record.fqnOffset = fqnText_.append(fqn);
    record.fqnLength = static_cast<uint16_t>(fqn.size());
}

uint32_t GraphStore::upsertAsset(const AssetRow& row) {
    const auto [v, added] = ids_.intern(row.id);
    if (added) {
        VertexRecord record;
        record.rank = kUnranked;
        vertices_.push_back(record);
        ++unranked_;
        setFqn(vertices_[v], row.fqn);
    } else if (fqn(v) != row.fqn) {
        VertexRecord& record = vertices_[v];
        orphanedFqnBytes_ += record.fqnLength;
        setFqn(record, row.fqn);
        if (record.rank != kUnranked) {
            record.rank = kUnranked;
            ++unranked_;
        }
    }
    VertexRecord& record = vertices_[v];
    record.ownerTeam = teams_.intern(row.ownerTeamId).first;
    record.activeContract =
        row.activeContractId ? registrations_.internContract(*row.activeContractId) : kNone;
    record.flags = static_cast<uint8_t>((record.flags & ~VertexRecord::kDeleted) |
                                        (row.deleted ? VertexRecord::kDeleted : 0));
    return v;
}

void GraphStore::putRegistration(const RegistrationRow& row) {
    registrations_.put(row, teams_.intern(row.consumerTeamId).first);
}

uint32_t GraphStore::findCompactEdge(uint32_t dependent, uint32_t dependency) const {
    if (dependent >= compactVertexCount()) return kNone;
    const CompactGraph& g = *compact_;
    for (auto [it, end] = boost::out_edges(dependent, g); it != end; ++it) {
        const auto edge = *it;
        if (boost::target(edge, g) == dependency && !isRemoved(edge.idx)) return edge.idx;
    }
    return kNone;
}

GraphStore::Arc* GraphStore::findOverlayArc(std::vector<Arc>& arcs, uint32_t vertex) {
    for (Arc& arc : arcs) {
        if (arc.vertex == vertex) return &arc;
    }
    return nullptr;
}

GraphStore::OverlayLists& GraphStore::overlayOf(uint32_t v) {
    vertices_[v].flags |= VertexRecord::kHasOverlay;
    return overlay_[v];
}

GraphStore::OverlayLists* GraphStore::existingOverlay(uint32_t v) {
    if (!(vertices_[v].flags & VertexRecord::kHasOverlay)) return nullptr;
    return &overlay_.find(v)->second;
}

void GraphStore::putEdge(uint32_t dependent, uint32_t dependency, DependencyType type,
                         const std::vector<core::ColumnMapping>& mappings) {
    columnMappings_.put(dependent, dependency, mappings);
    const uint32_t edge = findCompactEdge(dependent, dependency);
    if (edge != kNone) {
        if (compact_->m_forward.m_edge_properties[edge] == type) return;
        // The CSR is shared with older snapshots: retire the edge and re-add it with its new type.
        removed_[edge >> 6] |= uint64_t{1} << (edge & 63);
        ++removedEdges_;
    } else if (OverlayLists* lists = existingOverlay(dependent)) {
        if (Arc* out = findOverlayArc(lists->dependencies, dependency)) {
            out->type = type;
            findOverlayArc(overlayOf(dependency).dependents, dependent)->type = type;
            return;
        }
    }
    // std::unordered_map references stay valid when other keys are inserted.
    OverlayLists& from = overlayOf(dependent);
    OverlayLists& to = overlayOf(dependency);
    from.dependencies.push_back({dependency, type});
    to.dependents.push_back({dependent, type});
    ++overlayEdges_;
}

void GraphStore::removeEdge(uint32_t dependent, uint32_t dependency) {
    columnMappings_.remove(dependent, dependency);
    const uint32_t edge = findCompactEdge(dependent, dependency);
    if (edge != kNone) {
        removed_[edge >> 6] |= uint64_t{1} << (edge & 63);
        ++removedEdges_;
        return;
    }
    OverlayLists* from = existingOverlay(dependent);
    if (from == nullptr) return;
    Arc* arc = findOverlayArc(from->dependencies, dependency);
    if (arc == nullptr) return;
    from->dependencies.erase(from->dependencies.begin() + (arc - from->dependencies.data()));
    auto& in = overlayOf(dependency).dependents;
    in.erase(in.begin() + (findOverlayArc(in, dependent) - in.data()));
    --overlayEdges_;
}

// ---- bulk construction

void GraphStore::reserve(const StoreGrowth& counts) {
    ids_.reserve(counts.assets);
    vertices_.reserve(counts.assets);
    teams_.reserve(counts.teams);
    registrations_.reserve(counts.contracts, counts.registrations);
}

void GraphStore::installCompactEdges(const std::vector<std::pair<uint32_t, uint32_t>>& edges,
                                     const std::vector<DependencyType>& types) {
    const auto n = static_cast<uint32_t>(vertices_.size());
    auto graph = std::make_shared<CompactGraph>(boost::edges_are_unsorted_multi_pass, edges.begin(),
                                                edges.end(), types.begin(), n);
    // A pair may appear once (02 §9.1 rule 5); catch a loader that feeds one twice.
    std::vector<uint32_t> lastSource(n, kNone);
    for (uint32_t u = 0; u < n; ++u) {
        for (auto [it, end] = boost::out_edges(u, *graph); it != end; ++it) {
            const uint32_t w = boost::target(*it, *graph);
            if (lastSource[w] == u) {
                throw std::invalid_argument("duplicate dependency " + ids_[u].toString() + " -> " +
                                            ids_[w].toString());
            }
            lastSource[w] = u;
        }
    }
    compact_ = std::move(graph);
    removed_.assign((edges.size() + 63) / 64, 0);
    removedEdges_ = 0;
    overlay_.clear();
    overlayEdges_ = 0;
    for (VertexRecord& record : vertices_) record.flags &= ~VertexRecord::kHasOverlay;
}

void GraphStore::rankVertices() {
    if (unranked_ == 0) return;
    auto less = [this](uint32_t a, uint32_t b) { return nameLess(a, b); };
    // Ranked vertices are already in order: list them by rank (ranks may have gaps).
    std::vector<uint32_t> ranked;
    if (unranked_ < vertices_.size()) {
        uint32_t maxRank = 0;
        for (const VertexRecord& record : vertices_) {
            if (record.rank != kUnranked) maxRank = std::max(maxRank, record.rank);
        }
        std::vector<uint32_t> byRank(size_t{maxRank} + 1, kNone);
        for (uint32_t v = 0; v < vertices_.size(); ++v) {
            if (vertices_[v].rank != kUnranked) byRank[vertices_[v].rank] = v;
        }
        ranked.reserve(vertices_.size() - unranked_);
        for (const uint32_t v : byRank) {
            if (v != kNone) ranked.push_back(v);
        }
    }
    std::vector<uint32_t> fresh;
    fresh.reserve(unranked_);
    for (uint32_t v = 0; v < vertices_.size(); ++v) {
        if (vertices_[v].rank == kUnranked) fresh.push_back(v);
    }
    std::sort(fresh.begin(), fresh.end(), less);
    std::vector<uint32_t> order(vertices_.size());
    std::merge(ranked.begin(), ranked.end(), fresh.begin(), fresh.end(), order.begin(), less);
    for (uint32_t position = 0; position < order.size(); ++position) {
        vertices_[order[position]].rank = position;
    }
    unranked_ = 0;
}

void GraphStore::shrinkToFit(const StoreGrowth& headroom) {
    ids_.shrinkToFit(headroom.assets);
    fitCapacity(vertices_, headroom.assets);
    teams_.shrinkToFit(headroom.teams);
    registrations_.shrinkToFit(headroom.contracts, headroom.registrations);
}

// ---- maintenance

bool GraphStore::hasRoomFor(const StoreGrowth& growth) const noexcept {
    return ids_.hasRoomFor(growth.assets) &&
           vertices_.capacity() >= vertices_.size() + growth.assets &&
           teams_.hasRoomFor(growth.teams) &&
           registrations_.hasRoomFor(growth.contracts, growth.registrations);
}

bool GraphStore::needsCompaction() const noexcept {
    return overlayEdges_ + removedEdges_ > 4096 + compactEdges() / 8 ||
           unranked_ > 4096 + vertices_.size() / 16 ||
           orphanedFqnBytes_ > (size_t{1} << 20) + fqnText_.appendedBytes() / 4 ||
           registrations_.removedCount() > 4096 + registrations_.liveCount() / 4;
}

std::unique_ptr<GraphStore> GraphStore::compacted(const StoreGrowth& growth) const {
    auto out = std::make_unique<GraphStore>();
    out->generation_ = generation_;
    out->ids_ = ids_;
    // Room for 1/32 more of everything: a copy like this one at 1M assets takes most of a second
    // (the writer waits, readers do not), and 1/16 would keep the index above 64 B per edge.
    const auto roomFor = [](size_t count) { return count + count / 32; };
    out->ids_.reserve(roomFor(ids_.size()) + growth.assets);
    out->teams_ = teams_;
    out->teams_.reserve(roomFor(teams_.size()) + growth.teams);
    out->registrations_ = registrations_.compacted();
    out->columnMappings_ = columnMappings_;
    out->registrations_.reserve(roomFor(registrations_.contractCount()) + growth.contracts,
                                roomFor(registrations_.liveCount()) + growth.registrations);
    out->vertices_.reserve(roomFor(vertices_.size()) + growth.assets);
    out->vertices_ = vertices_;
    out->unranked_ = unranked_;
    for (uint32_t v = 0; v < vertices_.size(); ++v) {
        out->vertices_[v].fqnOffset = out->fqnText_.append(fqn(v));
    }
    std::vector<std::pair<uint32_t, uint32_t>> edges;
    std::vector<DependencyType> types;
    edges.reserve(edgeCount());
    types.reserve(edgeCount());
    for (uint32_t v = 0; v < vertices_.size(); ++v) {
        forEachNeighbour(v, Direction::kUpstream, [&](uint32_t dependency, auto typeOf) {
            edges.emplace_back(v, dependency);
            types.push_back(typeOf());
        });
    }
    out->installCompactEdges(edges, types);
    out->rankVertices();
    return out;
}

IndexStats GraphStore::stats() const {
    IndexStats s;
    s.generation = generation_;
    s.assets = vertices_.size();
    s.edges = edgeCount();
    s.compactEdges = compactEdges();
    s.overlayEdges = overlayEdges_;
    s.removedEdges = removedEdges_;
    s.unrankedAssets = unranked_;
    s.contracts = registrations_.contractCount();
    s.registrations = registrations_.liveCount();
    s.teams = teams_.size();
    if (compact_) {
        const CompactGraph& g = *compact_;
        s.graphBytes +=
            sizeof(CompactGraph) + capacityBytes(g.m_forward.m_rowstart) +
            capacityBytes(g.m_forward.m_column) + capacityBytes(g.m_forward.m_edge_properties) +
            capacityBytes(g.m_backward.m_rowstart) + capacityBytes(g.m_backward.m_column) +
            capacityBytes(g.m_backward.m_edge_properties);
    }
    // The overlay map: a node (key, lists, next pointer, cached hash) per entry plus buckets.
    s.graphBytes +=
        capacityBytes(removed_) + overlay_.bucket_count() * sizeof(void*) +
        overlay_.size() * (sizeof(std::pair<const uint32_t, OverlayLists>) + 2 * sizeof(void*));
    for (const auto& [v, lists] : overlay_) {
        s.graphBytes += capacityBytes(lists.dependencies) + capacityBytes(lists.dependents);
    }
    s.assetBytes = capacityBytes(vertices_);
    s.fqnBytes = fqnText_.memoryBytes();
    s.idMapBytes = ids_.memoryBytes() + teams_.memoryBytes();
    s.registrationBytes = registrations_.memoryBytes();
    s.columnMappings = columnMappings_.mappingCount();
    s.columnMappingBytes = columnMappings_.memoryBytes();
    s.totalBytes = s.graphBytes + s.assetBytes + s.fqnBytes + s.idMapBytes + s.registrationBytes +
                   s.columnMappingBytes;
    return s;
}

}  // namespace tessera::graph
