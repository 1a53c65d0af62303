#include "server/replica/read_replica.hpp"

#include <limits>

#include "store/connection_pool.hpp"

namespace tessera::server {
namespace {

constexpr const char* kFallbacksName = "tessera_db_replica_fallbacks_total";
constexpr const char* kFallbacksHelp =
    "Reads that went to the primary although a read replica is configured, by reason.";
// Past this many callers with a recent write, those the replica has caught up with are dropped.
constexpr size_t kWritersKept = 4096;

}  // namespace

ReadReplica::ReadReplica(store::PoolOptions poolOptions, ReplicaMonitor::Settings monitor,
                         MetricsRegistry& metrics)
    : pool_(std::make_unique<store::ConnectionPool>(std::move(poolOptions))),
      monitor_(std::move(monitor)),
      metrics_(metrics),
      replicaReads_(metrics.counter("tessera_db_replica_reads_total", {},
                                    "Requests whose reads ran on the read replica.")),
      readAfterWrite_(fallbackCounter("read_after_write")),
      requested_(fallbackCounter("requested")),
      failed_(fallbackCounter("failed")) {
    // Every reason has a series from the start, so a rate over it needs no first occurrence.
    for (ReplicaStatus status :
         {ReplicaStatus::Starting, ReplicaStatus::Down, ReplicaStatus::Lagging,
          ReplicaStatus::NotAStandby, ReplicaStatus::PrimaryUnreachable}) {
        fallbackCounter(replicaStatusName(status));
    }
}

ReadReplica::~ReadReplica() = default;

Counter& ReadReplica::fallbackCounter(const char* reason) {
    return metrics_.counter(kFallbacksName, {{"reason", reason}}, kFallbacksHelp);
}

store::ConnectionPool* ReadReplica::poolForRead(const std::string& caller, bool primaryRequested) {
    if (primaryRequested) {
        requested_.increment();
        return nullptr;
    }
    const ReplicaMonitor::State state = monitor_.state();
    if (state.status != ReplicaStatus::Usable) {
        // Looked up by name: the reasons are few and a lookup is cheap next to a query.
        fallbackCounter(replicaStatusName(state.status)).increment();
        return nullptr;
    }
    {
        std::lock_guard lock(writesMutex_);
        auto wrote = lastWrite_.find(caller);
        if (wrote != lastWrite_.end()) {
            if (wrote->second >= state.caughtUpTo) {
                readAfterWrite_.increment();
                return nullptr;
            }
            lastWrite_.erase(wrote);
        }
    }
    return pool_.get();
}

void ReadReplica::recordWrite(const std::string& caller) {
    const auto now = ReplicaMonitor::Clock::now();
    const auto caughtUpTo = monitor_.state().caughtUpTo;
    std::lock_guard lock(writesMutex_);
    if (lastWrite_.size() >= kWritersKept) {
        std::erase_if(lastWrite_, [&](const auto& entry) { return entry.second < caughtUpTo; });
    }
    lastWrite_[caller] = now;
}

void ReadReplica::readFailed() {
    failed_.increment();
    monitor_.reportFailure();
}

void ReadReplica::sample(MetricsRegistry& metrics) const {
    const ReplicaMonitor::State state = monitor_.state();
    metrics
        .gauge("tessera_db_replica_in_use", {},
               "1 while reads go to the read replica (reachable, a standby, lag within "
               "REPLICA_MAX_LAG_MS).")
        .set(state.status == ReplicaStatus::Usable ? 1 : 0);
    metrics
        .gauge("tessera_db_replica_lag_seconds", {},
               "How far the read replica's replay was behind the primary at the last check "
               "(NaN when not measured).")
        .set(state.lagSeconds ? *state.lagSeconds : std::numeric_limits<double>::quiet_NaN());
    const store::PoolStats stats = pool_->stats();
    metrics.gauge("tessera_db_replica_pool_open", {}, "Connections open to the read replica.")
        .set(static_cast<double>(stats.open));
}

}  // namespace tessera::server
