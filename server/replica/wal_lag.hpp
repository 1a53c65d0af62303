// How far a streaming replica is behind its primary, measured by WAL positions rather than by
// replay timestamps: `now() - pg_last_xact_replay_timestamp()` grows on an idle primary although
// the replica holds everything. Instead the primary's position (pg_current_wal_lsn()) is sampled
// now and then; a replica that has replayed up to a sample holds every commit acknowledged
// before that sample was taken, so it is at most (now - that sample's time) behind.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <utility>

namespace tessera::server {

// pg_lsn text ("16/B374D848": two hex numbers, high and low 32 bits) → byte position; nullopt
// for anything else.
std::optional<uint64_t> parseLsn(std::string_view text);

class ReplayLagTracker {
  public:
    using Clock = std::chrono::steady_clock;

    // Samples older than `keep` are forgotten: a replica behind all of them is "too far".
    explicit ReplayLagTracker(Clock::duration keep) : keep_(keep) {}

    // The primary was at `lsn`, read by a query sent after `takenAt`.
    void primaryAt(Clock::time_point takenAt, uint64_t lsn);

    // The replica has replayed up to `replayedLsn`: the time of the newest kept primary sample
    // it covers (everything committed before that time is on the replica), or nullopt when it
    // covers none of them.
    std::optional<Clock::time_point> caughtUpTo(uint64_t replayedLsn) const;

  private:
    Clock::duration keep_;
    std::deque<std::pair<Clock::time_point, uint64_t>> samples_;  // oldest first
};

}  // namespace tessera::server
