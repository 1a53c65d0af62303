// DATABASE_REPLICA_URL against a real streaming replica of the scratch cluster (pg_basebackup
// -R): reads are served by the replica, writes and the writer's own next reads by the primary;
// a replica that lags beyond REPLICA_MAX_LAG_MS, or is stopped, leaves every read to the
// primary without a single 5xx, and is used again once it is back.
//
// Replay paused on the replica makes its answers observably old: a read that finds a row
// missing was served by the replica, one that finds it was served by the primary.
#include <pqxx/pqxx>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/database_tampering.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/scratch_standby.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

// The value of one series of GET /metrics (`series` with its labels, as rendered); -1 when
// absent.
double metric(const HttpClient& http, const std::string& series) {
    const std::string body = http.get("/metrics").body;
    const size_t at = body.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(body.substr(at + series.size() + 2));
}

bool replicaInUse(const HttpClient& http) {
    return metric(http, "tessera_db_replica_in_use") == 1;
}

double replicaReads(const HttpClient& http) {
    return metric(http, "tessera_db_replica_reads_total");
}

double fallbacks(const HttpClient& http, const std::string& reason) {
    return metric(http, "tessera_db_replica_fallbacks_total{reason=\"" + reason + "\"}");
}

// The server's read connections on the replica, as the replica itself lists them.
long long readConnectionsOn(const std::string& replicaUrl) {
    pqxx::connection connection(replicaUrl);
    pqxx::nontransaction query(connection);
    return query
        .exec(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name = 'tessera-reads' AND datname = current_database()")[0][0]
        .as<long long>();
}

void onReplica(const std::string& replicaUrl, const std::string& sql) {
    pqxx::connection connection(replicaUrl);
    pqxx::nontransaction query(connection);
    query.exec(sql);
}

// A secured server with a streaming replica of its fresh database (checked every 100 ms), a
// team, a read-write key and a read-only key.
struct ReplicatedServer {
    explicit ReplicatedServer(const std::string& maxLagMs)
        : replicaUrl(standby.urlFor(database.url())),
          secured({{"DATABASE_REPLICA_URL", replicaUrl},
                   {"REPLICA_CHECK_INTERVAL_MS", "100"},
                   {"REPLICA_MAX_LAG_MS", maxLagMs}},
                  database),
          team(secured.createTeam("replica-" + uniqueSuffix())),
          writer(secured.createKey(team, R"(["read","write"])")),
          reader(secured.createKey(team, R"(["read"])")) {}

    ScratchStandby standby;
    ScratchDatabase database;  // created after the base backup: it reaches the replica by WAL
    const std::string replicaUrl;
    SecuredServer secured;
    const std::string team;
    const std::string writer;
    const std::string reader;
};

}  // namespace

TEST_CASE(
    "reads go to the read replica; writes, the writer's next reads and outages to the "
    "primary",
    "[fault][replica]") {
    ReplicatedServer setup("1500");
    const auto& http = setup.secured.http();
    const std::string &team = setup.team, &writer = setup.writer, &reader = setup.reader;
    const std::string& replicaUrl = setup.replicaUrl;
    REQUIRE(waitFor([&] { return replicaInUse(http); }, 10s) >= 0ms);

    // A key verified against the table makes that request use the primary (the check touches
    // last_used_at); the next ones are verified from memory and read from the replica.
    const auto readAs = [&](const std::string& key, const std::string& path) {
        return http.get(path, bearer(key));
    };
    REQUIRE(readAs(reader, "/api/v1/teams").status == 200);
    CHECK(readConnectionsOn(replicaUrl) == 0);
    double served = replicaReads(http);
    CHECK(readAs(reader, "/api/v1/teams/" + team).status == 200);
    CHECK(replicaReads(http) == served + 1);
    CHECK(readConnectionsOn(replicaUrl) == 1);

    // The replica drops the idle connection (a restart, idle_session_timeout): the next read
    // finds it dead at BEGIN and is served by the replica on a fresh one.
    onReplica(replicaUrl,
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              " WHERE application_name = 'tessera-reads'");
    REQUIRE(waitFor([&] { return readConnectionsOn(replicaUrl) == 0; }, 5s) >= 0ms);
    const double failedBefore = fallbacks(http, "failed");
    served = replicaReads(http);
    CHECK(readAs(reader, "/api/v1/teams/" + team).status == 200);
    CHECK(replicaReads(http) == served + 1);
    CHECK(fallbacks(http, "failed") == failedBefore);

    // Replay paused: the replica stops at what it has; the primary moves on.
    onReplica(replicaUrl, "SELECT pg_wal_replay_pause()");
    REQUIRE(readAs(reader, "/api/v1/teams").status == 200);  // the reader's key in memory again
    auto created = postAsset(http, team, uniqueFqn(), "", bearer(writer));
    REQUIRE(created.status == 201);
    const std::string assetPath = "/api/v1/assets/" + str(created.json(), "id");
    const double afterWrite = fallbacks(http, "read_after_write");
    // The writer reads its own write (the primary) ...
    CHECK(readAs(writer, assetPath).status == 200);
    CHECK(fallbacks(http, "read_after_write") == afterWrite + 1);
    // ... another caller, within the lag bound, is served by the replica, which has not replayed
    // it yet.
    served = replicaReads(http);
    CHECK(readAs(reader, assetPath).status == 404);
    CHECK(replicaReads(http) == served + 1);

    // Behind by more than REPLICA_MAX_LAG_MS: every read goes to the primary.
    REQUIRE(waitFor([&] { return !replicaInUse(http); }, 10s) >= 0ms);
    const double lagging = fallbacks(http, "lagging");
    CHECK(readAs(reader, assetPath).status == 200);
    CHECK(readAs(reader, assetPath).status == 200);
    CHECK(fallbacks(http, "lagging") >= lagging + 1);

    // Replay resumed: the replica catches up and serves again, the writer's reads included.
    onReplica(replicaUrl, "SELECT pg_wal_replay_resume()");
    REQUIRE(waitFor([&] { return replicaInUse(http); }, 10s) >= 0ms);
    REQUIRE(readAs(reader, assetPath).status == 200);  // keys back in memory
    REQUIRE(readAs(writer, assetPath).status == 200);
    served = replicaReads(http);
    CHECK(readAs(reader, assetPath).status == 200);
    CHECK(readAs(writer, assetPath).status == 200);
    CHECK(replicaReads(http) == served + 2);

    // The replica stopped: reads fall back to the primary, none fails.
    setup.standby.stop();
    for (int i = 0; i < 10; ++i) {
        for (const std::string& path :
             {assetPath, "/api/v1/teams/" + team, std::string("/api/v1/assets")}) {
            const auto response = readAs(i % 2 ? writer : reader, path);
            INFO(path << ": " << response.status << " " << response.body);
            CHECK(response.status == 200);
        }
    }
    CHECK(!replicaInUse(http));
    CHECK(fallbacks(http, "down") + fallbacks(http, "failed") > 0);
    CHECK(postAsset(http, team, uniqueFqn(), "", bearer(writer)).status == 201);

    // Back: used again.
    setup.standby.start();
    REQUIRE(waitFor([&] { return replicaInUse(http); }, 15s) >= 0ms);
    REQUIRE(readAs(reader, "/api/v1/teams").status == 200);
    served = replicaReads(http);
    CHECK(readAs(reader, assetPath).status == 200);
    CHECK(replicaReads(http) == served + 1);
}

TEST_CASE("X-Tessera-Read: primary keeps a read on the primary", "[fault][replica]") {
    ReplicatedServer setup("5000");
    const auto& http = setup.secured.http();
    const std::string &team = setup.team, &writer = setup.writer, &reader = setup.reader;
    const std::string& replicaUrl = setup.replicaUrl;
    REQUIRE(waitFor([&] { return replicaInUse(http); }, 10s) >= 0ms);

    onReplica(replicaUrl, "SELECT pg_wal_replay_pause()");
    REQUIRE(http.get("/api/v1/teams", bearer(reader)).status == 200);
    auto created = postAsset(http, team, uniqueFqn(), "", bearer(writer));
    REQUIRE(created.status == 201);
    const std::string assetPath = "/api/v1/assets/" + str(created.json(), "id");
    Headers primary = bearer(reader);
    primary["X-Tessera-Read"] = "primary";
    const double requested = fallbacks(http, "requested");
    CHECK(http.get(assetPath, primary).status == 200);
    CHECK(fallbacks(http, "requested") == requested + 1);
    CHECK(http.get(assetPath, bearer(reader)).status == 404);  // the replica, replay paused
    onReplica(replicaUrl, "SELECT pg_wal_replay_resume()");
}
