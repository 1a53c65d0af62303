// Postgres goes away while the server runs: every request gets 503 DATABASE_UNAVAILABLE with
// Retry-After on a connection that stays usable; blast radius keeps answering from the index for
// keys verified in the last minutes (saying it may be stale); within a second of Postgres being
// back everything works again, without restarting the server.
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/database_tampering.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/keep_alive_connection.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

// Stops the scratch cluster for the lifetime of the object; starts it again however the test
// ends, so later tests find it running.
class PostgresOutage {
  public:
    PostgresOutage() { scratchPostgres("stop"); }
    ~PostgresOutage() { end(); }
    void end() {
        if (!running_) scratchPostgres("start");
        running_ = true;
    }

  private:
    bool running_ = false;
};

void checkDatabaseUnavailable(const HttpResult& response, const std::string& what) {
    INFO(what << ": " << response.status << " " << response.body);
    CHECK(response.status == 503);
    CHECK(errorCode(response.json()) == "DATABASE_UNAVAILABLE");
    CHECK(response.header("retry-after") == "1");
    CHECK(!response.header("x-request-id").empty());
}

// Sends each request on one kept-alive TCP connection, one after the other, and returns the
// status of each response; 0 for a response that never came (the connection was dropped).
std::vector<int> statusesOnOneConnection(int port, const std::vector<std::string>& paths,
                                         const std::string& apiKey) {
    KeepAliveConnection connection(port);
    std::vector<int> statuses;
    for (const auto& path : paths) {
        const std::string response =
            connection.get(path, 5s, "Authorization: Bearer " + apiKey + "\r\n");
        statuses.push_back(response.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(response.c_str() + 9)
                                                               : 0);
    }
    return statuses;
}

}  // namespace

TEST_CASE("during an outage every request is 503 DATABASE_UNAVAILABLE with Retry-After",
          "[fault][outage]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string team = secured.createTeam("outage-" + uniqueSuffix());
    const std::string key = secured.createKey(team, R"(["admin"])");
    const std::string unknownKey = "tess_live_" + std::string(64, 'a');
    auto asset = postAsset(http, team, uniqueFqn(), "", bearer(key));
    REQUIRE(asset.status == 201);
    const std::string assetId = str(asset.json(), "id");

    std::vector<std::pair<std::string, HttpResult>> during;
    {
        PostgresOutage outage;
        // A kept-alive connection survives every 503: no request of it goes unanswered.
        CHECK(statusesOnOneConnection(
                  http.port(), {"/api/v1/teams", "/api/v1/teams", "/health/ready", "/health"},
                  key) == std::vector<int>{503, 503, 503, 200});
        during.emplace_back("read", http.get("/api/v1/teams", bearer(key)));
        during.emplace_back("read by id", http.get("/api/v1/assets/" + assetId, bearer(key)));
        during.emplace_back(
            "write", http.post("/api/v1/teams", R"({"name":"during"})", bearer(kBootstrapKey)));
        during.emplace_back(
            "write with a key",
            http.post("/api/v1/assets/" + assetId + "/dependencies",
                      R"({"depends_on_asset_id":")" + assetId + "\"}", bearer(key)));
        during.emplace_back("unknown key", http.get("/api/v1/teams", bearer(unknownKey)));
        during.emplace_back("bootstrap key read",
                            http.get("/api/v1/assets", bearer(kBootstrapKey)));
        auto ready = http.get("/health/ready");
        CHECK(ready.status == 503);
        CHECK(str(ready.json(), "status") == "not_ready");
        CHECK(ready.json()["database"].IsFalse());
        CHECK(http.get("/health").status == 200);
    }
    for (const auto& [what, response] : during) checkDatabaseUnavailable(response, what);
    // Nothing of the refused writes landed.
    CHECK(countRows(secured.server(), "SELECT count(*) FROM core.teams WHERE name = 'during'") ==
          0);
}

TEST_CASE("the server recovers within a second of Postgres being back", "[fault][outage]") {
    TestServer server;
    const auto& http = server.client();
    REQUIRE(http.post("/api/v1/teams", R"({"name":"before-outage"})").status == 201);
    {
        PostgresOutage outage;
        checkDatabaseUnavailable(http.get("/api/v1/teams"), "read");
        // Idle pooled connections died with Postgres; the listeners are retrying.
        std::this_thread::sleep_for(1500ms);
        outage.end();  // returns once Postgres accepts connections
        const auto recovered = waitFor([&] { return http.get("/api/v1/teams").status == 200; }, 5s);
        std::printf("outage: requests succeed %lld ms after Postgres is back\n",
                    static_cast<long long>(recovered.count()));
        CHECK(recovered >= 0ms);
        CHECK(recovered <= 1000ms);
    }
    CHECK(waitFor([&] { return http.get("/health/ready").status == 200; }, 1s) >= 0ms);
    auto teams = http.get("/api/v1/teams");
    CHECK(num(teams.json()["total"]) == 1);
    CHECK(http.post("/api/v1/teams", R"({"name":"after-outage"})").status == 201);
    // The index listener is back too: a write through the API lands in the blast radius.
    const std::string team = createTestTeam(http);
    const std::string a = createTestAsset(http, team), b = createTestAsset(http, team);
    REQUIRE(http.post("/api/v1/assets/" + b + "/dependencies",
                      R"({"depends_on_asset_id":")" + a + "\"}")
                .status == 201);
    CHECK(http.get("/api/v1/assets/" + a + "/blast-radius").json()["assets"].Size() == 1);
}

TEST_CASE("blast radius answers from the index during an outage for recently verified keys",
          "[fault][outage]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string team = secured.createTeam("stale-" + uniqueSuffix());
    const std::string key = secured.createKey(team, R"(["read"])");
    const std::string other = secured.createKey(team, R"(["read"])");  // never used before
    const std::string writeKey = secured.createKey(team, R"(["write"])");
    std::vector<std::string> ids;
    for (int i = 0; i < 2; ++i) {
        auto asset = postAsset(http, team, uniqueFqn(), "", bearer(writeKey));
        REQUIRE(asset.status == 201);
        ids.push_back(str(asset.json(), "id"));
    }
    REQUIRE(http.post("/api/v1/assets/" + ids[1] + "/dependencies",
                      R"({"depends_on_asset_id":")" + ids[0] + "\"}", bearer(writeKey))
                .status == 201);
    const std::string path = "/api/v1/assets/" + ids[0] + "/blast-radius";
    auto before = http.get(path, bearer(key));
    REQUIRE(before.status == 200);
    CHECK(before.header("x-tessera-stale").empty());

    PostgresOutage outage;
    // Past the credential cache's 5 s lifetime: the key is no longer "fresh", only recent.
    std::this_thread::sleep_for(5500ms);
    auto during = http.get(path, bearer(key));
    CHECK(during.status == 200);
    CHECK(during.header("x-tessera-stale") == "database-unavailable");
    CHECK(during.json()["assets"].Size() == 1);
    CHECK(str(during.json()["assets"][0], "asset_id") == ids[1]);
    // What needs Postgres still cannot be answered, even for that key.
    checkDatabaseUnavailable(http.get("/api/v1/assets/" + ids[0], bearer(key)), "asset read");
    // A key never verified by this replica is not taken on trust.
    checkDatabaseUnavailable(http.get(path, bearer(other)), "unverified key");
    // Nor is a key without the scope: the scope check still runs.
    auto forbidden = http.del("/api/v1/users/" + ids[0], bearer(key));
    CHECK(forbidden.status == 403);
    CHECK(errorCode(forbidden.json()) == "INSUFFICIENT_SCOPE");
}
