#include "store/connection_pool.hpp"

#include <thread>

#include "core/errors.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/scratch_database.hpp"

using namespace tessera;

TEST_CASE("the pool hands out at most its size and times out", "[store][pool]") {
    testing::ScratchDatabase database;
    store::ConnectionPool pool({database.url(), 2, std::chrono::milliseconds(200)});
    auto first = pool.acquire();
    auto second = pool.acquire();
    CHECK_THROWS_AS(pool.acquire(), core::ServiceUnavailable);
    { auto released = std::move(first); }
    auto third = pool.acquire();  // the released connection is reused
    std::string error;
    CHECK(pool.ping(&error) == false);  // all busy: ping cannot get a connection
    const store::PoolStats stats = pool.stats();
    CHECK(stats.maxConnections == 2);
    CHECK(stats.open == 2);
    CHECK(stats.idle == 0);
    CHECK(stats.waiting == 0);
    CHECK(stats.acquireTimeouts == 2);  // the acquire above and the ping's
    CHECK(stats.connectFailures == 0);
    CHECK(stats.brokenConnections == 0);
}

TEST_CASE("the pool counts who waits and what came back broken", "[store][pool]") {
    testing::ScratchDatabase database;
    store::ConnectionPool pool({database.url(), 1, std::chrono::milliseconds(5000)});
    auto held = pool.acquire();
    std::thread waiter([&] { auto next = pool.acquire(); });
    for (int i = 0; i < 500 && pool.stats().waiting == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    CHECK(pool.stats().waiting == 1);
    held.markBroken();
    { auto released = std::move(held); }
    waiter.join();
    const store::PoolStats stats = pool.stats();
    CHECK(stats.waiting == 0);
    CHECK(stats.brokenConnections == 1);
    CHECK(stats.open == 1);  // the waiter opened a fresh one and gave it back
    CHECK(stats.idle == 1);
}

TEST_CASE("an unreachable database is ServiceUnavailable, not a crash", "[store][pool]") {
    store::ConnectionPool pool({"postgresql://tessera@127.0.0.1:1/none?connect_timeout=1", 2,
                                std::chrono::milliseconds(200)});
    CHECK_THROWS_AS(pool.acquire(), core::ServiceUnavailable);
    std::string error;
    CHECK_FALSE(pool.ping(&error));
    CHECK_FALSE(error.empty());
    CHECK(pool.stats().connectFailures >= 2);
    CHECK(pool.stats().open == 0);
}
