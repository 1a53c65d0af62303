// Many clients writing at once, and a kill -9 in the middle of it: afterwards the invariants
// hold in SQL, the index of a replica that stayed up and of the restarted server equal the
// tables, and no request got a 5xx other than 503.
#include <sys/wait.h>
#include <csignal>
#include <cstdio>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/graph_oracle.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/write_storm.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kDepth = 10;

void reportTally(const StormTally& tally) {
    // Printed, not only on failure: the note of the issue quotes these numbers.
    std::printf("storm: %ld requests: %ld 2xx, %ld 4xx, %ld 503, %ld other 5xx, %ld unanswered\n",
                tally.requests.load(), tally.succeeded.load(), tally.refused.load(),
                tally.unavailable.load(), tally.serverErrors.load(), tally.transportErrors.load());
    for (const auto& sample : tally.serverErrorSamples) UNSCOPED_INFO(sample);
    CHECK(tally.serverErrors == 0);
    CHECK(tally.succeeded > 100);  // the storm really wrote
}

void checkInvariants(const std::string& databaseUrl) {
    const auto violations = stormInvariantViolations(databaseUrl);
    for (const auto& violation : violations) UNSCOPED_INFO(violation);
    CHECK(violations.empty());
}

void checkIndexEqualsTables(const HttpClient& http, const std::string& databaseUrl,
                            const char* whose) {
    const auto differing = assetsWhoseRadiusDiffers(http, databaseUrl, kDepth);
    INFO(whose << ": " << differing.size() << " assets differ");
    CHECK(differing.empty());
}

}  // namespace

TEST_CASE("concurrent publishes, acknowledgements and edges keep every invariant",
          "[fault][storm]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    TestServer replica({}, database.url());
    const StormWorld world = prepareStormWorld(server.client(), 12, 4);

    WriteStorm storm(server.port(), world, 8, 1);
    storm.start();
    std::this_thread::sleep_for(6s);
    storm.stop();

    reportTally(storm.tally());
    CHECK(storm.tally().transportErrors == 0);
    // Every kind of write happened, so the invariants below were put to the test.
    CHECK(countRows(server, "SELECT count(*) FROM workflow.proposals") > 0);
    CHECK(countRows(server, "SELECT count(*) FROM workflow.acknowledgments") > 0);
    CHECK(countRows(server, "SELECT count(*) FROM core.contracts WHERE status = 'deprecated'") > 0);
    CHECK(countRows(server, "SELECT count(*) FROM core.dependencies") > 0);
    checkInvariants(database.url());
    checkIndexEqualsTables(server.client(), database.url(), "the writer");
    // The replica follows by notifications; give the last ones a moment.
    std::this_thread::sleep_for(500ms);
    checkIndexEqualsTables(replica.client(), database.url(), "the replica");
}

TEST_CASE("kill -9 in the middle of a write storm loses nothing half-written",
          "[fault][storm][kill]") {
    ScratchDatabase database;
    auto server = std::make_unique<TestServer>(Env{}, database.url());
    TestServer replica({}, database.url());
    const StormWorld world = prepareStormWorld(server->client(), 12, 4);

    WriteStorm storm(server->port(), world, 8, 2);
    storm.start();
    std::this_thread::sleep_for(3s);
    REQUIRE(::kill(server->pid(), SIGKILL) == 0);
    std::this_thread::sleep_for(300ms);  // clients now fail to connect
    storm.stop();
    const long beforeKill = storm.tally().succeeded;
    reportTally(storm.tally());
    server.reset();  // reaps the killed process

    checkInvariants(database.url());
    TestServer restarted({}, database.url());
    checkIndexEqualsTables(restarted.client(), database.url(), "the restarted server");
    std::this_thread::sleep_for(500ms);
    checkIndexEqualsTables(replica.client(), database.url(), "the replica that stayed up");

    // And the restarted server takes writes again.
    WriteStorm after(restarted.port(), world, 4, 3);
    after.start();
    std::this_thread::sleep_for(2s);
    after.stop();
    CHECK(after.tally().serverErrors == 0);
    CHECK(after.tally().transportErrors == 0);
    CHECK(after.tally().succeeded > 20);
    checkInvariants(database.url());
    INFO(beforeKill << " writes succeeded before the kill");
    checkIndexEqualsTables(restarted.client(), database.url(), "the restarted server, after");
}

TEST_CASE("the storm invariants catch what they describe", "[fault][storm]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    const StormWorld world = prepareStormWorld(server.client(), 2, 2);
    CHECK(stormInvariantViolations(database.url()).empty());
    // A second active contract written behind the server's back, without its audit event.
    execSql(server,
            "INSERT INTO core.contracts (asset_id, version, schema, published_by)"
            " VALUES ($1::uuid, '9.9.9', '{}', $2::uuid)",
            world.assets[0], world.producerTeam);
    CHECK(stormInvariantViolations(database.url()).size() == 2);
}
