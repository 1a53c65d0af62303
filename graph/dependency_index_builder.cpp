#include <stdexcept>

#include "graph/dependency_index.hpp"
#include "graph/graph_store.hpp"

namespace tessera::graph {

DependencyIndexBuilder::DependencyIndexBuilder() : store_(std::make_unique<GraphStore>()) {}
DependencyIndexBuilder::~DependencyIndexBuilder() = default;
DependencyIndexBuilder::DependencyIndexBuilder(DependencyIndexBuilder&&) noexcept = default;
DependencyIndexBuilder& DependencyIndexBuilder::operator=(DependencyIndexBuilder&&) noexcept =
    default;

namespace {

// Room a built index keeps for 1/64 more assets, teams, contracts and registrations (at least a
// few hundred): ~0.3 B per edge, and the writes after a start-up do not begin with a copy of
// the whole store (DependencyIndex::apply copies it when an array is full: ~0.8 s at 1M).
size_t headroomFor(size_t count) {
    return count / 64 + 256;
}

}  // namespace

void DependencyIndexBuilder::reserve(size_t assets, size_t edges, size_t contracts,
                                     size_t registrations) {
    auto withHeadroom = [](size_t count) { return count + headroomFor(count); };
    store_->reserve({withHeadroom(assets), withHeadroom(0), withHeadroom(contracts),
                     withHeadroom(registrations)});
    edges_.reserve(edges);
    edgeTypes_.reserve(edges);
}

void DependencyIndexBuilder::addAsset(const AssetRow& asset) {
    if (store_->findVertex(asset.id) != GraphStore::kNone) {
        throw std::invalid_argument("duplicate asset " + asset.id.toString());
    }
    store_->upsertAsset(asset);
}

void DependencyIndexBuilder::setActiveContract(const Uuid& assetId, const Uuid& contractId) {
    const uint32_t v = store_->findVertex(assetId);
    if (v == GraphStore::kNone) {
        throw std::invalid_argument("contract " + contractId.toString() + " of asset " +
                                    assetId.toString() + ", which was not added");
    }
    store_->setActiveContract(v, contractId);
}

void DependencyIndexBuilder::addEdge(const EdgeRow& edge) {
    addEdges({edge});
}

void DependencyIndexBuilder::addEdges(const std::vector<EdgeRow>& edges) {
    std::vector<Uuid> ids(2 * edges.size());  // dependents, then dependencies
    for (size_t i = 0; i < edges.size(); ++i) {
        const EdgeRow& edge = edges[i];
        if (edge.dependentId == edge.dependencyId) {
            throw std::invalid_argument("asset " + edge.dependentId.toString() +
                                        " cannot depend on itself");
        }
        ids[i] = edge.dependentId;
        ids[edges.size() + i] = edge.dependencyId;
    }
    std::vector<uint32_t> vertices(ids.size());
    store_->findVertices(ids.data(), ids.size(), vertices.data());
    for (size_t i = 0; i < edges.size(); ++i) {
        if (vertices[i] == GraphStore::kNone || vertices[edges.size() + i] == GraphStore::kNone) {
            throw std::invalid_argument("dependency " + edges[i].dependentId.toString() + " -> " +
                                        edges[i].dependencyId.toString() +
                                        " names an asset that was not added");
        }
    }
    for (size_t i = 0; i < edges.size(); ++i) {
        edges_.emplace_back(vertices[i], vertices[edges.size() + i]);
        edgeTypes_.push_back(edges[i].type);
        if (!edges[i].columnMappings.empty()) {
            store_->putColumnMappings(vertices[i], vertices[edges.size() + i],
                                      edges[i].columnMappings);
        }
    }
}

void DependencyIndexBuilder::addRegistration(const RegistrationRow& registration) {
    store_->putRegistration(registration);
}

std::unique_ptr<GraphStore> DependencyIndexBuilder::finish(uint64_t generation) {
    std::unique_ptr<GraphStore> store = std::exchange(store_, std::make_unique<GraphStore>());
    const auto edges = std::move(edges_);
    const auto types = std::move(edgeTypes_);
    edges_ = {};
    edgeTypes_ = {};
    store->installCompactEdges(edges, types);
    store->rankVertices();
    store->shrinkToFit({headroomFor(store->vertexCount()), headroomFor(store->teamCount()),
                        headroomFor(store->contractCount()),
                        headroomFor(store->registrationCount())});
    store->setGeneration(generation);
    return store;
}

std::unique_ptr<DependencyIndex> DependencyIndexBuilder::build(uint64_t generation,
                                                               IndexOptions options) && {
    return std::unique_ptr<DependencyIndex>(new DependencyIndex(finish(generation), options));
}

}  // namespace tessera::graph
