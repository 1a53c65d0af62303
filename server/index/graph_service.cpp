#include "server/index/graph_service.hpp"

#include <chrono>
#include <unordered_set>

#include "core/column_mappings.hpp"
#include "core/json.hpp"
#include "core/uuid.hpp"
#include "server/logger.hpp"
#include "store/coherence_notices.hpp"
#include "store/graph_source.hpp"
#include "store/notification_listener.hpp"

namespace tessera::server {
namespace {

// How long a notification waits for its own server's re-read of that write (which takes
// milliseconds) before re-reading it itself (or rebuilding, when its ids did not fit).
constexpr auto kLocalCommitWait = std::chrono::seconds(2);

graph::Uuid uuidOf(std::string_view text) {
    auto id = graph::Uuid::parse(text);
    if (!id) throw std::invalid_argument("bad uuid: " + std::string(text));
    return *id;
}

graph::AssetRow assetRowOf(const store::GraphAssetRow& row) {
    graph::AssetRow asset;
    asset.id = row.id;
    asset.fqn = std::string(row.fqn);
    asset.ownerTeamId = row.ownerTeamId;
    asset.deleted = row.deleted;
    if (row.activeContractId) asset.activeContractId = *row.activeContractId;
    return asset;
}

graph::EdgeRow edgeRowOf(const store::GraphEdgeRow& row) {
    graph::EdgeRow edge{
        row.dependentId, row.dependencyId,
        graph::parseDependencyType(row.type).value_or(graph::DependencyType::kConsumes)};
    if (row.columnMappingsJson) {
        edge.columnMappings =
            core::columnMappingsFromJson(core::parseStoredJson(*row.columnMappingsJson));
    }
    return edge;
}

graph::RegistrationRow registrationRowOf(const store::GraphRegistrationRow& row) {
    graph::RegistrationRow registration;
    registration.id = row.id;
    registration.contractId = row.contractId;
    registration.consumerTeamId = row.consumerTeamId;
    registration.status =
        graph::parseRegistrationStatus(row.status).value_or(graph::RegistrationStatus::kInactive);
    if (row.pinnedVersion) registration.pinnedVersion = std::string(*row.pinnedVersion);
    return registration;
}

// Feeds a full snapshot into a builder. Edges are handed over in batches, whose ids the builder
// looks up together (DependencyIndexBuilder::addEdges); finish() hands over the last one.
class BuildVisitor : public store::GraphRowVisitor {
  public:
    graph::DependencyIndexBuilder builder;
    std::unordered_map<graph::Uuid, std::string, graph::UuidHash> teams;

    void sizeEstimate(const store::GraphSizeEstimate& size) override {
        builder.reserve(size.assets, size.edges, size.contracts, size.registrations);
    }
    void team(const store::GraphTeamRow& row) override { teams[row.id] = std::string(row.name); }
    void asset(const store::GraphAssetRow& row) override { builder.addAsset(assetRowOf(row)); }
    void activeContract(const store::GraphActiveContractRow& row) override {
        builder.setActiveContract(row.assetId, row.contractId);
    }
    void edge(const store::GraphEdgeRow& row) override {
        pendingEdges_.push_back(edgeRowOf(row));
        if (pendingEdges_.size() == kEdgeBatch) addPendingEdges();
    }
    void registration(const store::GraphRegistrationRow& row) override {
        addPendingEdges();
        builder.addRegistration(registrationRowOf(row));
    }
    void finish() { addPendingEdges(); }

  private:
    static constexpr size_t kEdgeBatch = 1024;

    void addPendingEdges() {
        if (pendingEdges_.empty()) return;
        builder.addEdges(pendingEdges_);
        pendingEdges_.clear();
    }

    std::vector<graph::EdgeRow> pendingEdges_;
};

// Collects the current rows of a few ids.
class RowsVisitor : public store::GraphRowVisitor {
  public:
    std::vector<graph::AssetRow> assets;
    std::vector<graph::EdgeRow> edges;
    std::vector<graph::RegistrationRow> registrations;
    std::vector<std::pair<graph::Uuid, std::string>> teams;

    void team(const store::GraphTeamRow& row) override {
        teams.emplace_back(row.id, std::string(row.name));
    }
    void asset(const store::GraphAssetRow& row) override { assets.push_back(assetRowOf(row)); }
    void activeContract(const store::GraphActiveContractRow&) override {
        throw std::logic_error("single-row reads carry the active contract in the asset row");
    }
    void edge(const store::GraphEdgeRow& row) override { edges.push_back(edgeRowOf(row)); }
    void registration(const store::GraphRegistrationRow& row) override {
        registrations.push_back(registrationRowOf(row));
    }
};

}  // namespace

const char* rebuildCauseName(RebuildCause cause) {
    switch (cause) {
        case RebuildCause::Startup:
            return "startup";
        case RebuildCause::ListenerReconnect:
            return "listener_reconnect";
        case RebuildCause::MissedNotification:
            return "missed_notification";
        case RebuildCause::GenerationReset:
            return "generation_reset";
        case RebuildCause::ExternalChange:
            return "external_change";
    }
    return "unknown";
}

GraphService::GraphService(std::string connectionString)
    : connectionString_(std::move(connectionString)),
      instanceTag_(core::randomUuid().substr(0, 8)),
      source_(std::make_unique<store::GraphSource>(connectionString_)),
      index_(std::make_unique<graph::DependencyIndex>()) {}

GraphService::~GraphService() {
    stop();
}

void GraphService::start() {
    // Listen first, then load: a write committed between the two is both in the snapshot and
    // notified, and the notification is skipped by its generation.
    listener_ = std::make_unique<store::NotificationListener>(
        connectionString_, std::vector<std::string>{store::kGraphChannel, store::kResyncChannel},
        [this](const std::string& channel, const std::string& payload) {
            onNotification(channel, payload);
        },
        [this] {
            logWarning("graph listener reconnected; rebuilding the dependency index");
            rebuild(RebuildCause::ListenerReconnect);
        });
    listener_->start();
    source_->connect();  // while the listener connects
    for (int i = 0; i < 2000 && !listener_->listening(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const auto started = std::chrono::steady_clock::now();
    rebuild(RebuildCause::Startup);
    const auto stats = index_->stats();
    logInfo("dependency index: " + std::to_string(stats.assets) + " assets, " +
            std::to_string(stats.edges) + " edges, " + std::to_string(stats.registrations) +
            " registrations in " +
            std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - started)
                               .count()) +
            " ms");
    watcher_ = std::thread([this] { watchGeneration(); });
}

void GraphService::stop() {
    stopping_ = true;
    watchWake_.notify_all();
    if (watcher_.joinable()) watcher_.join();
    if (listener_) listener_->stop();
}

std::optional<std::string> GraphService::teamName(const graph::Uuid& id) const {
    std::shared_lock lock(teamsMutex_);
    auto it = teamNames_.find(id);
    if (it == teamNames_.end()) return std::nullopt;
    return it->second;
}

GraphService::Health GraphService::health() const {
    Health health;
    for (size_t i = 0; i < kRebuildCauses; ++i) health.rebuilds[i] = rebuilds_[i].load();
    health.lastBuildSeconds = lastBuildSeconds_.load();
    if (const int64_t nanos = lastNotificationNanos_.load()) {
        health.lastNotification =
            std::chrono::steady_clock::time_point(std::chrono::nanoseconds(nanos));
    }
    return health;
}

void GraphService::rebuild(RebuildCause cause) {
    std::lock_guard lock(writeMutex_);
    rebuildLocked(cause);
}

void GraphService::rebuildLocked(RebuildCause cause) {
    const auto started = std::chrono::steady_clock::now();
    BuildVisitor visitor;
    const int64_t generation = source_->loadAll(visitor);
    visitor.finish();
    index_->replace(std::move(visitor.builder), nextRevision_++);
    if (generation < appliedGeneration_.load()) {
        // The generation started over (core.graph_state truncated): the numbers remembered for
        // local writes belong to the old count. Forgetting them costs at most a second refresh.
        appliedLocally_.clear();
    } else {
        appliedLocally_.erase(appliedLocally_.begin(), appliedLocally_.upper_bound(generation));
    }
    {
        std::unique_lock teams(teamsMutex_);
        teamNames_ = std::move(visitor.teams);
    }
    appliedGeneration_ = generation;
    lastBuildSeconds_ =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ++rebuilds_[static_cast<size_t>(cause)];  // completed ones: a failed load throws first
}

void GraphService::refreshLocked(const store::GraphChange& change) {
    RowsVisitor rows;
    source_->loadRows(change.assetIds, change.registrationIds, change.teamIds, rows);

    graph::IndexBatch batch;
    std::unordered_map<graph::Uuid, std::vector<const graph::EdgeRow*>, graph::UuidHash>
        edgesByDependent;
    for (const auto& edge : rows.edges) edgesByDependent[edge.dependentId].push_back(&edge);
    const auto rowsEdgesOf =
        [&](const graph::Uuid& id) -> const std::vector<const graph::EdgeRow*>& {
        static const std::vector<const graph::EdgeRow*> kNone;
        const auto found = edgesByDependent.find(id);
        return found == edgesByDependent.end() ? kNone : found->second;
    };
    std::unordered_set<graph::Uuid, graph::UuidHash> foundAssets;
    for (auto& asset : rows.assets) {
        foundAssets.insert(asset.id);
        batch.upsertAsset(std::move(asset));
    }
    // An asset refresh replaces its upstream edges: drop those Postgres no longer has. A set of
    // the rows' edges, since a dbt sync refreshes thousands of assets at once.
    std::unordered_set<graph::Uuid, graph::UuidHash> kept;
    for (const auto& text : change.assetIds) {
        const graph::Uuid id = uuidOf(text);
        if (!foundAssets.count(id)) continue;  // assets are never hard-deleted
        auto current = index_->upstream(id, 1);
        if (!current || current->assets.empty()) continue;
        kept.clear();
        for (const auto& edge : rowsEdgesOf(id)) kept.insert(edge->dependencyId);
        for (const auto& reached : current->assets) {
            if (!kept.count(reached.id)) batch.removeEdge(id, reached.id);
        }
    }
    for (const auto& edge : rows.edges) {
        // The other end may be newer than this replica's index: load it too.
        if (!index_->asset(edge.dependencyId) && !foundAssets.count(edge.dependencyId)) {
            RowsVisitor missing;
            source_->loadRows({edge.dependencyId.toString()}, {}, {}, missing);
            for (auto& asset : missing.assets) {
                foundAssets.insert(asset.id);
                batch.upsertAsset(std::move(asset));
            }
        }
        batch.putEdge(edge);
    }
    std::unordered_set<graph::Uuid, graph::UuidHash> foundRegistrations;
    for (auto& registration : rows.registrations) {
        foundRegistrations.insert(registration.id);
        batch.putRegistration(std::move(registration));
    }
    for (const auto& text : change.registrationIds) {
        const graph::Uuid id = uuidOf(text);
        if (!foundRegistrations.count(id)) batch.removeRegistration(id);  // deleted
    }
    if (!batch.empty()) index_->apply(batch, nextRevision_++);
    if (!rows.teams.empty()) {
        std::unique_lock teams(teamsMutex_);
        for (auto& [id, name] : rows.teams) teamNames_[id] = std::move(name);
    }
}

void GraphService::refreshAfterCommit(const store::GraphChange& change, int64_t generation) {
    try {
        std::lock_guard lock(writeMutex_);
        refreshLocked(change);
        if (generation > appliedGeneration_.load()) appliedLocally_.insert(generation);
    } catch (const std::exception& error) {
        // The notification (or, failing that, the generation watcher) repairs the index.
        logWarning(std::string("graph refresh after commit failed: ") + error.what());
    }
    settleLocalCommit(generation);
}

std::shared_ptr<void> GraphService::expectLocalCommit(int64_t generation) {
    {
        std::lock_guard lock(localMutex_);
        committingLocally_.insert(generation);
    }
    // The token settles the generation when dropped: after the refresh, or unrun on rollback.
    return std::shared_ptr<void>(nullptr,
                                 [this, generation](void*) { settleLocalCommit(generation); });
}

void GraphService::settleLocalCommit(int64_t generation) {
    {
        std::lock_guard lock(localMutex_);
        const auto found = committingLocally_.find(generation);
        if (found == committingLocally_.end()) return;  // settled by the refresh already
        committingLocally_.erase(found);
    }
    localSettled_.notify_all();
}

void GraphService::awaitLocalCommit(std::unique_lock<std::mutex>& lock, int64_t generation) {
    std::unique_lock local(localMutex_);
    if (!committingLocally_.count(generation)) return;
    lock.unlock();
    // Bounded: a rolled-back generation number can be reused by another replica's write.
    localSettled_.wait_for(local, kLocalCommitWait,
                           [&] { return !committingLocally_.count(generation); });
    local.unlock();
    lock.lock();
}

void GraphService::requestRebuild(const std::string& reason) {
    {
        std::lock_guard lock(watchMutex_);
        if (rebuildReason_.empty()) rebuildReason_ = reason;
    }
    watchWake_.notify_all();
}

void GraphService::onNotification(const std::string& channel, const std::string& payload) {
    if (channel == store::kResyncChannel) {
        requestRebuild("rows of " + payload + " changed outside the server");
    } else {
        onGraphChange(payload);
    }
}

void GraphService::onGraphChange(const std::string& payload) {
    auto parsed = store::parseGraphChangePayload(payload);
    if (!parsed) return;
    try {
        std::unique_lock lock(writeMutex_);
        awaitLocalCommit(lock, parsed->generation);
        const int64_t applied = appliedGeneration_.load();
        if (parsed->generation > applied) {
            if (parsed->generation == applied + 1 && appliedLocally_.erase(parsed->generation)) {
                // A write of this replica was re-read right after its commit, all of it, even
                // when its ids did not fit in the payload: re-reading it again would only bump
                // the revision (and every ETag) for nothing.
                appliedGeneration_ = parsed->generation;
            } else if (parsed->generation != applied + 1 || !parsed->complete) {
                // A notification was missed, or it did not fit in a payload.
                rebuildLocked(RebuildCause::MissedNotification);
            } else {
                refreshLocked(parsed->change);
                appliedGeneration_ = parsed->generation;
            }
        }  // else: already in the snapshot
        lastNotificationNanos_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count();
    } catch (const std::exception& error) {
        logWarning(std::string("graph notification failed: ") + error.what());
    }
}

void GraphService::watchGeneration() {
    // Notifications arrive in commit order, so a gap means one was lost (for instance while the
    // listener reconnected). A quiet check every two seconds catches a gap that no later
    // notification would reveal, and a generation that moved backwards or vanished: the table
    // was truncated behind the server's back, whose trigger notice (if any) was missed too.
    while (!stopping_) {
        std::string reason;
        {
            std::unique_lock lock(watchMutex_);
            watchWake_.wait_for(lock, std::chrono::seconds(2),
                                [this] { return stopping_.load() || !rebuildReason_.empty(); });
            reason = std::move(rebuildReason_);
            rebuildReason_.clear();
        }
        if (stopping_) break;
        try {
            if (!reason.empty()) {
                // A harness truncating table after table sends a notice per statement: let the
                // burst pass, then rebuild once for all of it.
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                {
                    std::lock_guard lock(watchMutex_);
                    rebuildReason_.clear();
                }
                logInfo("rebuilding the dependency index: " + reason);
                rebuild(RebuildCause::ExternalChange);
                continue;
            }
            int64_t current;
            {
                std::lock_guard lock(writeMutex_);
                current = source_->currentGeneration();
            }
            if (current < appliedGeneration_.load()) {
                logWarning(
                    "graph generation moved backwards (core.graph_state was reset); "
                    "rebuilding the dependency index");
                rebuild(RebuildCause::GenerationReset);
            } else if (current > appliedGeneration_.load()) {
                // Give in-flight notifications a moment before deciding they were lost.
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
                std::lock_guard lock(writeMutex_);
                if (current > appliedGeneration_.load()) {
                    rebuildLocked(RebuildCause::MissedNotification);
                }
            }
        } catch (const std::exception& error) {
            logWarning(std::string("graph generation check failed: ") + error.what());
        }
    }
}

}  // namespace tessera::server
