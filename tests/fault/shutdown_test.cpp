// SIGTERM with requests in flight (issue 14, item 5): the server stops accepting at once,
// answers the request that is running, is not held up by idle keep-alive connections, exits 0;
// a request still stuck after the 10 s grace period is abandoned (its transaction rolls back)
// and the server exits 3 instead of hanging.
#include <signal.h>

#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/keep_alive_connection.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// `LOCK TABLE core.teams` held in a transaction of its own: every request that reads or writes
// teams waits on it (is in flight) until release().
class TeamsLock {
  public:
    explicit TeamsLock(const std::string& url) : connection_(url), transaction_(connection_) {
        transaction_.exec0("LOCK TABLE core.teams IN ACCESS EXCLUSIVE MODE");
    }
    void release() { transaction_.abort(); }

  private:
    pqxx::connection connection_;
    pqxx::work transaction_;
};

// POST /teams {name} from a thread, returned once the server's session for it waits on a lock
// (on a TeamsLock held by the test): the request is then in flight.
std::future<HttpResult> postTeamHeldByLock(const TestServer& server, const std::string& name) {
    auto request = std::async(std::launch::async, [&server, name] {
        return server.client().post("/api/v1/teams", R"({"name":")" + name + R"("})");
    });
    const auto deadline = Clock::now() + 10s;
    while (countRows(server,
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND wait_event_type = 'Lock'") == 0) {
        if (Clock::now() >= deadline) FAIL("the request never waited on the lock");
        std::this_thread::sleep_for(20ms);
    }
    return request;
}

long long teamsNamed(const TestServer& server, const std::string& name) {
    return countRows(server, "SELECT count(*) FROM core.teams WHERE name = $1", name);
}

bool refusedWithin(int port, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (!connectionRefused(port)) {
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

std::chrono::milliseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// A server whose requests wait on a TeamsLock for as long as the test holds it.
const Env kUnboundedLockWaits{{"DB_LOCK_TIMEOUT_MS", "0"}};

}  // namespace

TEST_CASE("SIGTERM answers the request in flight, refuses new connections, exits 0",
          "[fault][shutdown]") {
    TestServer server(kUnboundedLockWaits);
    const std::string name = "in-flight-" + uniqueSuffix();
    KeepAliveConnection keptAlive(server.port());
    REQUIRE(keptAlive.get("/health").find(" 200 ") != std::string::npos);

    TeamsLock lock(server.databaseUrl());
    auto inFlight = postTeamHeldByLock(server, name);

    const auto signalled = Clock::now();
    server.process().sendSignal(SIGTERM);
    CHECK(refusedWithin(server.port(), 500ms));

    std::this_thread::sleep_for(1s);  // the request stays in flight past the signal
    lock.release();
    REQUIRE(inFlight.wait_for(5s) == std::future_status::ready);
    const HttpResult created = inFlight.get();
    CHECK(created.status == 201);
    CHECK(created.header("connection") == "Close");  // the server is going away
    CHECK(teamsNamed(server, name) == 1);

    const auto status = server.process().waitForExit(10s - since(signalled));
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(keptAlive.closedByServer(0ms));  // idle before the signal, it held nothing up
}

TEST_CASE("idle keep-alive connections do not hold SIGTERM up", "[fault][shutdown]") {
    TestServer server;
    KeepAliveConnection first(server.port());
    KeepAliveConnection second(server.port());
    REQUIRE(first.get("/health").find(" 200 ") != std::string::npos);
    REQUIRE(second.get("/health").find(" 200 ") != std::string::npos);

    const auto signalled = Clock::now();
    server.process().sendSignal(SIGTERM);
    const auto status = server.process().waitForExit(2s);
    REQUIRE(status.has_value());
    CHECK(*status == 0);
    CHECK(since(signalled) < 1s);
    CHECK(first.closedByServer(0ms));
    CHECK(second.closedByServer(0ms));
}

TEST_CASE("a request stuck past the grace period does not hang the shutdown", "[fault][shutdown]") {
    TestServer server(kUnboundedLockWaits);
    const std::string name = "stuck-" + uniqueSuffix();
    TeamsLock lock(server.databaseUrl());
    auto stuck = postTeamHeldByLock(server, name);

    const auto signalled = Clock::now();
    server.process().sendSignal(SIGTERM);
    CHECK(refusedWithin(server.port(), 500ms));
    const auto status = server.process().waitForExit(12s);
    const auto waited = since(signalled);
    lock.release();

    REQUIRE(status.has_value());
    CHECK(*status == 3);  // "requests abandoned", unlike a clean 0
    CHECK(waited >= 10s);
    CHECK(waited < 11s);
    // The abandoned request got no answer, and its transaction never committed.
    CHECK_THROWS(stuck.get());
    CHECK(teamsNamed(server, name) == 0);
}

TEST_CASE("a lock held past DB_LOCK_TIMEOUT_MS is a 503, and the worker is free again",
          "[fault][locks]") {
    TestServer server(Env{{"DB_LOCK_TIMEOUT_MS", "300"}});
    TeamsLock lock(server.databaseUrl());
    const auto started = Clock::now();
    auto refused = server.client().post("/api/v1/teams", R"({"name":"locked-out"})");
    const auto waited = since(started);
    CHECK(refused.status == 503);
    CHECK(str(refused.json()["error"], "code") == "DATABASE_UNAVAILABLE");
    CHECK(refused.header("retry-after") == "1");
    CHECK(waited >= 300ms);
    CHECK(waited < 5s);
    // The thread that answered is free: other requests are served while the lock is held.
    CHECK(server.client().get("/health/live").status == 200);
    lock.release();
    CHECK(server.client().post("/api/v1/teams", R"({"name":"locked-out"})").status == 201);
}
