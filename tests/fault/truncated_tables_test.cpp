// A harness truncates every table between tests (core.graph_state included), an operator
// deletes rows: the server neither crashes nor keeps serving what is gone. Its bookkeeping row
// comes back, its index, credentials and first team follow the tables, and writes keep working.
#include <pqxx/pqxx>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/database_tampering.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

// downstream ← upstream: `downstream` depends on `upstream`.
void addEdge(const HttpClient& http, const std::string& downstream, const std::string& upstream) {
    auto response = http.post("/api/v1/assets/" + downstream + "/dependencies",
                              R"({"depends_on_asset_id":")" + upstream + "\"}");
    REQUIRE(response.status == 201);
}

long long radiusSize(const HttpClient& http, const std::string& assetId) {
    auto response = http.get("/api/v1/assets/" + assetId + "/blast-radius");
    if (response.status != 200) return -response.status;
    return static_cast<long long>(response.json()["assets"].Size());
}

long long generationRows(const TestServer& server) {
    return countRows(server, "SELECT count(*) FROM core.graph_state");
}

// A small graph: a ← b ← c. Returns {a, b, c}.
std::vector<std::string> chain(const HttpClient& http, const std::string& team) {
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) ids.push_back(createTestAsset(http, team));
    addEdge(http, ids[1], ids[0]);
    addEdge(http, ids[2], ids[1]);
    return ids;
}

}  // namespace

TEST_CASE("every table truncated before start-up: the first write works", "[fault][truncate]") {
    ScratchDatabase database;
    {
        TestServer first({}, database.url());
        chain(first.client(), createTestTeam(first.client()));
        REQUIRE(first.stop() == 0);
    }
    truncateEveryTable(database.url());

    TestServer server({}, database.url());
    const auto& http = server.client();
    CHECK(generationRows(server) == 1);  // put back at start-up
    // The migrations did not run again over the existing tables: their record came back.
    CHECK(countRows(server, "SELECT count(*) FROM public.tessera_migrations") ==
          countRows(server, "SELECT max(version) FROM public.tessera_migrations"));
    const std::string team = createTestTeam(http);
    const auto ids = chain(http, team);  // edges bump the generation: the old SIGSEGV
    CHECK(radiusSize(http, ids[0]) == 2);
    // Counted from zero again, one per write: the team, three assets, two edges.
    CHECK(countRows(server, "SELECT generation FROM core.graph_state") == 6);
    CHECK(http.get("/health").status == 200);
}

TEST_CASE("every table truncated under a running server", "[fault][truncate]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    const auto& http = server.client();
    const std::string oldTeam = createTestTeam(http);
    const auto old = chain(http, oldTeam);
    REQUIRE(radiusSize(http, old[0]) == 2);

    truncateEveryTable(database.url());

    // The index follows within moments: the old assets are gone from it.
    CHECK(waitFor([&] { return radiusSize(http, old[0]) == -404; }, 2s) >= 0ms);
    // AUTH_DISABLED acts as the first team: the truncated one is forgotten, the next team made
    // becomes first, and writes as it land (a stale first team would break the foreign key).
    const std::string team = createTestTeam(http);
    auto asset = postAsset(http, team, uniqueFqn());
    CHECK(asset.status == 201);
    const auto ids = chain(http, team);
    CHECK(radiusSize(http, ids[0]) == 2);
    CHECK(generationRows(server) == 1);
    auto teams = http.get("/api/v1/teams");
    REQUIRE(teams.status == 200);
    CHECK(num(teams.json()["total"]) == 1);
}

TEST_CASE("truncation forgets verified API keys and the bootstrap key's first team",
          "[fault][truncate][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string team = secured.createTeam("before-" + uniqueSuffix());
    const std::string key = secured.createKey(team, R"(["admin"])");
    REQUIRE(http.get("/api/v1/teams", bearer(key)).status == 200);  // now cached
    REQUIRE(http.get("/api/v1/assets", bearer(kBootstrapKey)).status == 200);

    truncateEveryTable(secured.server().databaseUrl());

    // The key row is gone: refused as soon as the truncation's notice arrives, not when the
    // cache entry would have expired (5 s).
    CHECK(waitFor([&] { return http.get("/api/v1/teams", bearer(key)).status == 401; }, 500ms) >=
          0ms);
    // No team exists any more: the bootstrap key cannot act as one (spec 01 §9.3).
    auto noTeams = http.get("/api/v1/assets", bearer(kBootstrapKey));
    CHECK(noTeams.status == 503);
    CHECK(errorCode(noTeams.json()) == "NO_TEAMS");
    const std::string fresh = secured.createTeam("after-" + uniqueSuffix());
    auto asset = postAsset(http, fresh, uniqueFqn(), "", bearer(kBootstrapKey));
    CHECK(asset.status == 201);
}

TEST_CASE("rows an operator deletes leave the index", "[fault][truncate]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    const auto& http = server.client();
    const auto ids = chain(http, createTestTeam(http));
    REQUIRE(radiusSize(http, ids[0]) == 2);

    execSql(server, "DELETE FROM core.dependencies WHERE dependency_asset_id = $1::uuid", ids[1]);
    CHECK(waitFor([&] { return radiusSize(http, ids[0]) == 1; }, 2s) >= 0ms);
}

TEST_CASE("a generation reset nobody announced is noticed by the watcher", "[fault][truncate]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    const auto& http = server.client();
    const auto ids = chain(http, createTestTeam(http));
    REQUIRE(radiusSize(http, ids[0]) == 2);

    // No trigger fires: only the generation going back from 2 to nothing tells.
    execWithoutTriggers(database.url(), "DELETE FROM core.dependencies; TRUNCATE core.graph_state");
    CHECK(waitFor([&] { return radiusSize(http, ids[0]) == 0; }, 5s) >= 0ms);
    // And the count that starts over is followed, not skipped as "already applied".
    addEdge(http, ids[1], ids[0]);
    CHECK(radiusSize(http, ids[0]) == 1);
    CHECK(countRows(server, "SELECT generation FROM core.graph_state") == 1);
}
