// The read replica (DATABASE_REPLICA_URL): its connection pool, the monitor that says whether
// it may serve reads, and the rule that keeps a caller's reads on the primary right after that
// caller's own writes (read-after-write).
//
// Read-after-write is per caller (API key, web session user, or the team of the bootstrap key):
// a caller's reads go back to the replica once the monitor has seen the replica replay a
// primary position sampled after that caller's last write committed, so the caller reads its
// own writes without guessing a window, and other callers' reads are bounded by the lag only.
// It is this process's memory: behind a load balancer a caller that writes on one server and
// reads on another sends `X-Tessera-Read: primary` on reads that must see the write.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/metrics/metrics_registry.hpp"
#include "server/replica/replica_monitor.hpp"

namespace tessera::store {
class ConnectionPool;
struct PoolOptions;
}  // namespace tessera::store

namespace tessera::server {

class ReadReplica {
  public:
    ReadReplica(store::PoolOptions poolOptions, ReplicaMonitor::Settings monitor,
                MetricsRegistry& metrics);
    ~ReadReplica();
    ReadReplica(const ReadReplica&) = delete;
    ReadReplica& operator=(const ReadReplica&) = delete;

    void start() { monitor_.start(); }
    void stop() { monitor_.stop(); }

    // Why a read went to the primary although the replica is configured.
    enum class Fallback { None, Requested, ReadAfterWrite, Failed };

    // The replica's pool when a read by `caller` may run there now, else null (the reason is
    // counted in tessera_db_replica_fallbacks_total). `primaryRequested`: the client asked.
    store::ConnectionPool* poolForRead(const std::string& caller, bool primaryRequested);
    // A request of `caller` committed something: its next reads stay on the primary until the
    // replica has it.
    void recordWrite(const std::string& caller);
    // A read was served by the replica (counted).
    void servedRead() { replicaReads_.increment(); }
    // A read could not use the replica after all (it refused the connection, or failed
    // mid-request and ran again on the primary): no reads go there until the next check.
    void readFailed();

    // Sets the gauges of GET /metrics.
    void sample(MetricsRegistry& metrics) const;

  private:
    Counter& fallbackCounter(const char* reason);

    std::unique_ptr<store::ConnectionPool> pool_;
    ReplicaMonitor monitor_;
    MetricsRegistry& metrics_;
    Counter& replicaReads_;
    Counter& readAfterWrite_;
    Counter& requested_;
    Counter& failed_;

    std::mutex writesMutex_;
    // Caller → when its last write committed; entries the replica has caught up with are
    // dropped as the map grows.
    std::unordered_map<std::string, ReplicaMonitor::Clock::time_point> lastWrite_;
};

}  // namespace tessera::server
