#include "graph/dependency_index.hpp"

#include <shared_mutex>
#include <stdexcept>
#include <unordered_set>

#include "graph/column_traverser.hpp"
#include "graph/graph_store.hpp"
#include "graph/reader_writer_lock.hpp"
#include "graph/traverser.hpp"

namespace tessera::graph {
namespace {

template <class... Handlers>
struct Overloaded : Handlers... {
    using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

// Everything that could make an operation fail, checked before anything changes. Returns upper
// bounds of what the batch adds.
StoreGrowth validate(const IndexBatch& batch, const GraphStore& store) {
    std::unordered_set<Uuid, UuidHash> upserted;
    StoreGrowth growth;
    size_t textBytes = 0;
    auto known = [&](const Uuid& id) {
        return store.findVertex(id) != GraphStore::kNone || upserted.contains(id);
    };
    for (const IndexBatch::Operation& operation : batch.operations()) {
        if (const auto* asset = std::get_if<AssetRow>(&operation)) {
            if (asset->fqn.size() > kMaxFqnBytes) {
                throw std::invalid_argument("asset " + asset->id.toString() +
                                            ": fqn longer than 65535 bytes");
            }
            textBytes += asset->fqn.size();
            if (store.findVertex(asset->id) == GraphStore::kNone &&
                upserted.insert(asset->id).second) {
                ++growth.assets;
            }
            // Only what the store does not know yet needs room: re-reading a known asset (every
            // edge write does) must not look like growth, or it would copy the whole store.
            growth.teams += !store.knowsTeam(asset->ownerTeamId);
            growth.contracts +=
                asset->activeContractId && !store.knowsContract(*asset->activeContractId);
        } else if (const auto* registration = std::get_if<RegistrationRow>(&operation)) {
            growth.teams += !store.knowsTeam(registration->consumerTeamId);
            growth.contracts += !store.knowsContract(registration->contractId);
            growth.registrations += !store.knowsRegistration(registration->id);
        } else if (const auto* edge = std::get_if<EdgeRow>(&operation)) {
            if (edge->dependentId == edge->dependencyId) {
                throw std::invalid_argument("asset " + edge->dependentId.toString() +
                                            " cannot depend on itself");
            }
            if (!known(edge->dependentId) || !known(edge->dependencyId)) {
                throw std::invalid_argument("dependency " + edge->dependentId.toString() + " -> " +
                                            edge->dependencyId.toString() +
                                            " names an unknown asset");
            }
        }
    }
    if (!store.fqnTextFits(textBytes)) {
        throw std::invalid_argument("graph index: FQN text would exceed 4 GiB; rebuild it");
    }
    return growth;
}

void applyOperations(const IndexBatch& batch, GraphStore& store) {
    for (const IndexBatch::Operation& operation : batch.operations()) {
        std::visit(
            Overloaded{
                [&](const AssetRow& asset) { store.upsertAsset(asset); },
                [&](const EdgeRow& edge) {
                    store.putEdge(store.findVertex(edge.dependentId),
                                  store.findVertex(edge.dependencyId), edge.type,
                                  edge.columnMappings);
                },
                [&](const IndexBatch::EdgeRemoval& edge) {
                    const uint32_t dependent = store.findVertex(edge.dependentId);
                    const uint32_t dependency = store.findVertex(edge.dependencyId);
                    if (dependent == GraphStore::kNone || dependency == GraphStore::kNone) return;
                    store.removeEdge(dependent, dependency);
                },
                [&](const RegistrationRow& registration) { store.putRegistration(registration); },
                [&](const IndexBatch::RegistrationRemoval& registration) {
                    store.removeRegistration(registration.registrationId);
                },
            },
            operation);
    }
}

}  // namespace

DependencyIndex::DependencyIndex(IndexOptions options)
    : DependencyIndex(std::make_unique<GraphStore>(), options) {}

DependencyIndex::DependencyIndex(std::unique_ptr<GraphStore> store, IndexOptions options)
    : options_(options), lock_(std::make_unique<ReaderWriterLock>()) {
    generation_.store(store->generation());
    publish(std::move(store));
}

DependencyIndex::~DependencyIndex() = default;

uint64_t DependencyIndex::generation() const noexcept {
    return generation_.load(std::memory_order_acquire);
}

template <class Reader>
auto DependencyIndex::read(Reader&& reader) const {
    if (options_.concurrency == ConcurrencyMode::kSnapshot) {
        std::shared_ptr<const GraphStore> snapshot;
        {
            std::lock_guard pointer(snapshotMutex_);
            snapshot = snapshot_;
        }
        return reader(*snapshot);
    }
    std::shared_lock lock(*lock_);
    return reader(*store_);
}

// Only the writer (holding writerMutex_) calls this, and only the writer changes the store, so
// it may read the store without the shared lock.
std::shared_ptr<const GraphStore> DependencyIndex::writerView() const {
    if (options_.concurrency == ConcurrencyMode::kSnapshot) {
        std::lock_guard pointer(snapshotMutex_);
        return snapshot_;
    }
    return store_;
}

void DependencyIndex::publish(std::shared_ptr<GraphStore> store) {
    if (options_.concurrency == ConcurrencyMode::kSnapshot) {
        std::shared_ptr<const GraphStore> previous = std::move(store);
        {
            std::lock_guard pointer(snapshotMutex_);
            snapshot_.swap(previous);
        }
        return;  // `previous` is freed here, or by the last reader still holding it
    }
    std::shared_ptr<GraphStore> previous;
    {
        std::unique_lock lock(*lock_);
        previous = std::exchange(store_, std::move(store));
    }
    // `previous` is freed here, after readers are let back in.
}

std::vector<core::ColumnMapping> DependencyIndex::columnMappings(const Uuid& dependentId,
                                                                 const Uuid& dependencyId) const {
    return read([&](const GraphStore& store) -> std::vector<core::ColumnMapping> {
        const uint32_t dependent = store.findVertex(dependentId);
        const uint32_t dependency = store.findVertex(dependencyId);
        if (dependent == GraphStore::kNone || dependency == GraphStore::kNone) return {};
        const auto* packed = store.columnMappings().find(dependent, dependency);
        return packed ? store.columnMappings().unpack(*packed) : std::vector<core::ColumnMapping>{};
    });
}

std::optional<AssetInfo> DependencyIndex::asset(const Uuid& id) const {
    return read([&](const GraphStore& store) -> std::optional<AssetInfo> {
        const uint32_t v = store.findVertex(id);
        if (v == GraphStore::kNone) return std::nullopt;
        const VertexRecord& record = store.vertex(v);
        AssetInfo info{id, std::string(store.fqn(v)), store.teamId(record.ownerTeam),
                       record.deleted(), std::nullopt};
        if (record.activeContract != GraphStore::kNone) {
            info.activeContractId = store.registrations().contractId(record.activeContract);
        }
        return info;
    });
}

std::optional<LineageResult> DependencyIndex::downstream(const Uuid& root,
                                                         uint32_t maxDepth) const {
    return read([&](const GraphStore& store) -> std::optional<LineageResult> {
        const uint32_t v = store.findVertex(root);
        if (v == GraphStore::kNone) return std::nullopt;
        return Traverser::lineage(store, v, Direction::kDownstream, maxDepth);
    });
}

std::optional<LineageResult> DependencyIndex::upstream(const Uuid& root, uint32_t maxDepth) const {
    return read([&](const GraphStore& store) -> std::optional<LineageResult> {
        const uint32_t v = store.findVertex(root);
        if (v == GraphStore::kNone) return std::nullopt;
        return Traverser::lineage(store, v, Direction::kUpstream, maxDepth);
    });
}

std::optional<ColumnRadius> DependencyIndex::columnRadius(const Uuid& root,
                                                          const std::vector<std::string>& columns,
                                                          uint32_t maxDepth,
                                                          bool everyColumn) const {
    return read([&](const GraphStore& store) -> std::optional<ColumnRadius> {
        const uint32_t v = store.findVertex(root);
        if (v == GraphStore::kNone) return std::nullopt;
        return columnRadiusOf(store, v, columns, maxDepth, everyColumn);
    });
}

std::optional<ImpactResult> DependencyIndex::impact(const Uuid& root, uint32_t maxDepth) const {
    return read([&](const GraphStore& store) -> std::optional<ImpactResult> {
        const uint32_t v = store.findVertex(root);
        if (v == GraphStore::kNone) return std::nullopt;
        return Traverser::impact(store, v, maxDepth);
    });
}

std::optional<RadiusSummary> DependencyIndex::summary(const Uuid& root, Direction direction,
                                                      uint32_t maxDepth) const {
    return read([&](const GraphStore& store) -> std::optional<RadiusSummary> {
        const uint32_t v = store.findVertex(root);
        if (v == GraphStore::kNone) return std::nullopt;
        return Traverser::summary(store, v, direction, maxDepth);
    });
}

bool DependencyIndex::apply(const IndexBatch& batch, uint64_t generation) {
    std::lock_guard writer(writerMutex_);
    if (generation <= generation_.load(std::memory_order_relaxed)) return false;
    const std::shared_ptr<const GraphStore> current = writerView();
    const StoreGrowth growth = validate(batch, *current);
    if (options_.concurrency == ConcurrencyMode::kSnapshot) {
        auto next = std::make_shared<GraphStore>(*current);
        applyOperations(batch, *next);
        next->setGeneration(generation);
        publish(std::move(next));
    } else {
        // Growing a large array (the id table, the asset records) must not happen under the
        // exclusive lock: make room in a fresh copy while readers keep reading, swap it in.
        if (!store_->hasRoomFor(growth)) publish(store_->compacted(growth));
        std::unique_lock lock(*lock_);
        applyOperations(batch, *store_);
        store_->setGeneration(generation);
    }
    generation_.store(generation, std::memory_order_release);
    if (options_.autoCompact && writerView()->needsCompaction()) compactLocked();
    return true;
}

bool DependencyIndex::replace(DependencyIndexBuilder&& builder, uint64_t generation) {
    // Built before taking the writer mutex: writes continue meanwhile (and may win).
    std::unique_ptr<GraphStore> fresh = builder.finish(generation);
    std::lock_guard writer(writerMutex_);
    if (generation < generation_.load(std::memory_order_relaxed)) return false;
    publish(std::move(fresh));
    generation_.store(generation, std::memory_order_release);
    return true;
}

void DependencyIndex::compact() {
    std::lock_guard writer(writerMutex_);
    compactLocked();
}

// Builds the compacted store while readers keep reading the current one, then swaps it in.
void DependencyIndex::compactLocked() {
    publish(writerView()->compacted());
}

IndexStats DependencyIndex::stats() const {
    return read([](const GraphStore& store) { return store.stats(); });
}

}  // namespace tessera::graph
