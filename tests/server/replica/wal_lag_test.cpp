#include "server/replica/wal_lag.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;
using namespace std::chrono_literals;

TEST_CASE("pg_lsn text parses into a byte position", "[wal_lag]") {
    CHECK(parseLsn("0/3000000") == 0x3000000u);
    CHECK(parseLsn("16/B374D848") == ((0x16ull << 32) | 0xB374D848u));
    CHECK(parseLsn("FFFFFFFF/FFFFFFFF") == ~0ull);
    CHECK_FALSE(parseLsn(""));
    CHECK_FALSE(parseLsn("0"));
    CHECK_FALSE(parseLsn("/1"));
    CHECK_FALSE(parseLsn("1/"));
    CHECK_FALSE(parseLsn("1/2/3"));
    CHECK_FALSE(parseLsn("G/1"));
    CHECK_FALSE(parseLsn("100000000/0"));
}

TEST_CASE("a replica is as far behind as the newest primary sample it has replayed", "[wal_lag]") {
    using Clock = ReplayLagTracker::Clock;
    const Clock::time_point t0{};
    ReplayLagTracker tracker(5s);
    tracker.primaryAt(t0, 100);
    tracker.primaryAt(t0 + 1s, 200);
    tracker.primaryAt(t0 + 2s, 200);  // an idle primary: the position stays
    // Caught up with the newest sample: no lag, however long the primary has been idle.
    CHECK(tracker.caughtUpTo(200) == t0 + 2s);
    CHECK(tracker.caughtUpTo(250) == t0 + 2s);
    // Between samples: it holds what was committed before the older one.
    CHECK(tracker.caughtUpTo(150) == t0);
    CHECK(tracker.caughtUpTo(100) == t0);
    CHECK_FALSE(tracker.caughtUpTo(99));
}

TEST_CASE("samples older than the kept window are forgotten, the newest never", "[wal_lag]") {
    using Clock = ReplayLagTracker::Clock;
    const Clock::time_point t0{};
    ReplayLagTracker tracker(2s);
    tracker.primaryAt(t0, 100);
    tracker.primaryAt(t0 + 1s, 200);
    tracker.primaryAt(t0 + 4s, 300);
    // The replica at 100 or 200 is behind every sample still kept: too far.
    CHECK_FALSE(tracker.caughtUpTo(200));
    CHECK(tracker.caughtUpTo(300) == t0 + 4s);
    ReplayLagTracker idle(1s);
    idle.primaryAt(t0, 100);
    idle.primaryAt(t0 + 10s, 100);
    CHECK(idle.caughtUpTo(100) == t0 + 10s);
}
