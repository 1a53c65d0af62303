// Keeps this replica's dependency index (graph/) equal to Postgres: a full load at start-up,
// the rows each local write touched right after it commits (so the writer's next read already
// sees them), every other replica's writes through LISTEN/NOTIFY, and a rebuild whenever the
// generation in core.graph_state shows a notification was missed (or the listener reconnected),
// moved backwards or vanished (the table was truncated), or rows were changed behind the
// server's back (the `tessera_resync` notice of migration 003).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "graph/dependency_index.hpp"
#include "store/graph_changes.hpp"

namespace tessera::store {
class GraphSource;
class NotificationListener;
}  // namespace tessera::store

namespace tessera::server {

// Why the index was rebuilt from a full load (GET /metrics counts each).
enum class RebuildCause {
    Startup,             // the first load
    ListenerReconnect,   // LISTEN reconnected: notifications may have been lost meanwhile
    MissedNotification,  // a generation gap, or a change too large for one payload
    GenerationReset,     // core.graph_state moved backwards (truncated)
    ExternalChange,      // the `tessera_resync` notice: rows changed behind the server's back
};
inline constexpr size_t kRebuildCauses = 5;
const char* rebuildCauseName(RebuildCause cause);

class GraphService {
  public:
    explicit GraphService(std::string connectionString);
    ~GraphService();

    // Loads the index and starts following changes. Throws if the first load fails.
    void start();
    void stop();

    const graph::DependencyIndex& index() const { return *index_; }
    std::optional<std::string> teamName(const graph::Uuid& id) const;

    // Changes with every applied batch or rebuild on this replica: the ETag of derived reads,
    // together with instanceTag(), random per process (revisions of two replicas differ).
    uint64_t revision() const { return index_->generation(); }
    const std::string& instanceTag() const { return instanceTag_; }
    // The last generation of core.graph_state this replica has fully applied.
    int64_t generation() const { return appliedGeneration_.load(); }

    // After a local write (of graph generation `generation`) commits: re-read the rows it
    // touched now. Its notification, when it arrives, then has nothing left to do.
    void refreshAfterCommit(const store::GraphChange& change, int64_t generation);

    // Called inside a local write's transaction, once its generation is known: until the
    // returned token is dropped (after refreshAfterCommit ran, or with the discarded
    // after-commit action of a rollback), the notification of that generation waits for the
    // local re-read instead of reading the same rows again or, when its ids did not fit in the
    // payload, rebuilding the whole index. The listener often wins the race to writeMutex_
    // against the committing request.
    std::shared_ptr<void> expectLocalCommit(int64_t generation);

    // Rebuild soon, on the watcher thread; requests that arrive together make one rebuild.
    void requestRebuild(const std::string& reason);

    // How the index has kept up, for GET /metrics.
    struct Health {
        std::array<uint64_t, kRebuildCauses> rebuilds{};  // by RebuildCause
        double lastBuildSeconds = 0;                      // the latest full load
        // When the last graph notification was processed (applied, or found already in the
        // index); nullopt before the first.
        std::optional<std::chrono::steady_clock::time_point> lastNotification;
    };
    Health health() const;

  private:
    void rebuild(RebuildCause cause);
    void rebuildLocked(RebuildCause cause);
    void refreshLocked(const store::GraphChange& change);
    void onNotification(const std::string& channel, const std::string& payload);
    void onGraphChange(const std::string& payload);
    void watchGeneration();
    // With writeMutex_ held by `lock`: if a local write of `generation` is committing, let go
    // of the lock until its re-read is done (at most kLocalCommitWait), then take it again.
    void awaitLocalCommit(std::unique_lock<std::mutex>& lock, int64_t generation);
    void settleLocalCommit(int64_t generation);

    std::string connectionString_;
    std::string instanceTag_;
    std::unique_ptr<store::GraphSource> source_;  // guarded by writeMutex_
    std::unique_ptr<graph::DependencyIndex> index_;
    std::unique_ptr<store::NotificationListener> listener_;
    std::mutex writeMutex_;  // one refresh or rebuild at a time, reads and applies in order
    uint64_t nextRevision_ = 1;
    std::set<int64_t> appliedLocally_;  // generations refreshed after a local commit
    std::atomic<int64_t> appliedGeneration_{0};
    std::mutex localMutex_;  // not writeMutex_: a write must not wait for a rebuild to register
    std::condition_variable localSettled_;
    std::multiset<int64_t> committingLocally_;  // guarded by localMutex_
    std::array<std::atomic<uint64_t>, kRebuildCauses> rebuilds_{};
    std::atomic<double> lastBuildSeconds_{0};
    std::atomic<int64_t> lastNotificationNanos_{0};  // steady clock; 0: none yet

    mutable std::shared_mutex teamsMutex_;
    std::unordered_map<graph::Uuid, std::string, graph::UuidHash> teamNames_;

    std::atomic<bool> stopping_{false};
    std::mutex watchMutex_;
    std::condition_variable watchWake_;
    std::string rebuildReason_;  // guarded by watchMutex_; empty: none requested
    std::thread watcher_;
};

}  // namespace tessera::server
