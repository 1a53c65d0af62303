#include "server/replica/replica_monitor.hpp"

#include <pqxx/pqxx>

#include "server/logger.hpp"

namespace tessera::server {
namespace {

// One value of a one-row query on `connection`, opened first if needed; the connection is
// dropped on any failure so that the next check reconnects.
pqxx::row queryRow(std::unique_ptr<pqxx::connection>& connection, const std::string& uri,
                   const char* sql) {
    try {
        if (!connection || !connection->is_open()) {
            connection = std::make_unique<pqxx::connection>(uri);
        }
        pqxx::nontransaction query(*connection);
        const pqxx::result result = query.exec(sql);
        if (result.size() != 1) throw std::runtime_error(std::string("no row from ") + sql);
        return result[0];
    } catch (...) {
        connection.reset();
        throw;
    }
}

}  // namespace

struct ReplicaMonitor::Connections {
    std::unique_ptr<pqxx::connection> primary;
    std::unique_ptr<pqxx::connection> replica;
};

const char* replicaStatusName(ReplicaStatus status) {
    switch (status) {
        case ReplicaStatus::Usable:
            return "usable";
        case ReplicaStatus::Starting:
            return "starting";
        case ReplicaStatus::Down:
            return "down";
        case ReplicaStatus::Lagging:
            return "lagging";
        case ReplicaStatus::NotAStandby:
            return "not_a_standby";
        case ReplicaStatus::PrimaryUnreachable:
            return "primary_unreachable";
    }
    return "unknown";
}

ReplicaMonitor::ReplicaMonitor(Settings settings)
    : settings_(std::move(settings)),
      // A replica behind every sample of the last max-lag window is lagging: older samples
      // cannot change the verdict.
      tracker_(settings_.maxLag + 2 * settings_.checkInterval),
      connections_(std::make_unique<Connections>()) {}

ReplicaMonitor::~ReplicaMonitor() {
    stop();
}

void ReplicaMonitor::start() {
    const State first = check();
    {
        std::lock_guard lock(mutex_);
        state_ = first;
    }
    logInfo(std::string("read replica: ") + replicaStatusName(first.status));
    thread_ = std::thread([this] { run(); });
}

void ReplicaMonitor::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

ReplicaMonitor::State ReplicaMonitor::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

void ReplicaMonitor::reportFailure() {
    std::lock_guard lock(mutex_);
    state_.status = ReplicaStatus::Down;
}

void ReplicaMonitor::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, settings_.checkInterval, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        const State next = check();  // no lock held: requests keep reading the last verdict
        lock.lock();
        if (next.status != state_.status) {
            logInfo(std::string("read replica: ") + replicaStatusName(state_.status) + " -> " +
                    replicaStatusName(next.status));
        }
        state_ = next;
    }
}

std::optional<uint64_t> ReplicaMonitor::primaryPosition() {
    try {
        const pqxx::row row = queryRow(connections_->primary, settings_.primaryConnection,
                                       "SELECT pg_current_wal_lsn()::text");
        return parseLsn(row[0].as<std::string>());
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<uint64_t> ReplicaMonitor::replayedPosition(ReplicaStatus& status) {
    try {
        const pqxx::row row =
            queryRow(connections_->replica, settings_.replicaConnection,
                     "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text");
        if (!row[0].as<bool>() || row[1].is_null()) {
            status = ReplicaStatus::NotAStandby;
            return std::nullopt;
        }
        return parseLsn(row[1].as<std::string>());
    } catch (const std::exception&) {
        status = ReplicaStatus::Down;
        return std::nullopt;
    }
}

ReplicaMonitor::State ReplicaMonitor::check() {
    State next;
    // Taken before the primary is asked: every commit acknowledged before this instant is at or
    // below the position it answers.
    const Clock::time_point takenAt = Clock::now();
    const std::optional<uint64_t> primary = primaryPosition();
    if (!primary) {
        next.status = ReplicaStatus::PrimaryUnreachable;
        return next;
    }
    tracker_.primaryAt(takenAt, *primary);
    ReplicaStatus failed = ReplicaStatus::Down;
    const std::optional<uint64_t> replayed = replayedPosition(failed);
    if (!replayed) {
        next.status = failed;
        return next;
    }
    const std::optional<Clock::time_point> covered = tracker_.caughtUpTo(*replayed);
    if (!covered) {
        next.status = ReplicaStatus::Lagging;
        return next;
    }
    const auto lag = takenAt - *covered;
    next.caughtUpTo = *covered;
    next.lagSeconds = std::chrono::duration<double>(lag).count();
    next.status = lag > settings_.maxLag ? ReplicaStatus::Lagging : ReplicaStatus::Usable;
    return next;
}

}  // namespace tessera::server
