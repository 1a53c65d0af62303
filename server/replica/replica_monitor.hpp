// Watches the read replica (DATABASE_REPLICA_URL) from one background thread: every check
// interval it reads the primary's WAL position, then the replica's replayed position, and
// derives whether the replica may serve reads (wal_lag.hpp). Requests only read the last
// verdict, so the check costs two small queries per interval whatever the request rate.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "server/replica/wal_lag.hpp"

namespace tessera::server {

// Why the replica serves no reads now (the `reason` label of the fallback metric).
enum class ReplicaStatus {
    Usable,
    Starting,            // no check has finished yet
    Down,                // the replica refused or lost the connection, or a request failed on it
    Lagging,             // replayed WAL is older than REPLICA_MAX_LAG_MS
    NotAStandby,         // pg_is_in_recovery() is false: not a replica of the primary
    PrimaryUnreachable,  // the primary's position is unknown, so the lag cannot be bounded
};
const char* replicaStatusName(ReplicaStatus status);

class ReplicaMonitor {
  public:
    using Clock = std::chrono::steady_clock;

    struct Settings {
        std::string primaryConnection;  // libpq URIs
        std::string replicaConnection;
        std::chrono::milliseconds checkInterval{1000};
        std::chrono::milliseconds maxLag{5000};
    };

    struct State {
        ReplicaStatus status = ReplicaStatus::Starting;
        // Everything committed on the primary before this time is on the replica (epoch when
        // unknown).
        Clock::time_point caughtUpTo{};
        std::optional<double> lagSeconds;  // at the last check; unset when not measured
    };

    explicit ReplicaMonitor(Settings settings);
    ~ReplicaMonitor();
    ReplicaMonitor(const ReplicaMonitor&) = delete;
    ReplicaMonitor& operator=(const ReplicaMonitor&) = delete;

    // Runs the first check (so the first requests already know), then checks in the background.
    void start();
    void stop();

    State state() const;
    // A request could not use the replica: no more reads go there until a check succeeds.
    void reportFailure();

  private:
    void run();
    State check();
    std::optional<uint64_t> primaryPosition();
    // The replica's replayed position; sets `status` when it is not usable.
    std::optional<uint64_t> replayedPosition(ReplicaStatus& status);

    Settings settings_;
    ReplayLagTracker tracker_;  // the checking thread's own
    struct Connections;         // the checking thread's own, to the primary and to the replica
    std::unique_ptr<Connections> connections_;

    mutable std::mutex mutex_;
    State state_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tessera::server
