#include "store/connection_pool.hpp"

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
}

TEST_CASE("an unreachable database is ServiceUnavailable, not a crash", "[store][pool]") {
    store::ConnectionPool pool({"postgresql://tessera@127.0.0.1:1/none?connect_timeout=1", 2,
                                std::chrono::milliseconds(200)});
    CHECK_THROWS_AS(pool.acquire(), core::ServiceUnavailable);
    std::string error;
    CHECK_FALSE(pool.ping(&error));
    CHECK_FALSE(error.empty());
}
