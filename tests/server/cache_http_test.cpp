// The Redis read cache (spec 02 §10, issue 7): read-through on the spec's keys, invalidation of
// everything a write changes (a read after an acknowledged write sees it), and Redis outages
// that never fail a request nor leave stale entries behind.
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/scratch_redis.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

const std::string kSchema = R"({"type":"object","properties":{"id":{"type":"integer"}}})";

// tessera_cache_requests_total{result="<result>"} from GET /metrics.
long long cacheCounter(const HttpClient& http, const std::string& result) {
    const std::string body = http.get("/metrics").body;
    const std::string series = "tessera_cache_requests_total{result=\"" + result + "\"} ";
    const auto at = body.find(series);
    if (at == std::string::npos) return 0;
    return std::stoll(body.substr(at + series.size()));
}

std::string redisUrlForTests(std::unique_ptr<ScratchRedis>& owned) {
    std::string url = sharedRedisUrl();
    if (url.empty()) {
        owned = std::make_unique<ScratchRedis>();
        url = owned->url();
    }
    return url;
}

}  // namespace

TEST_CASE("a second read is served from Redis, byte for byte", "[cache][http]") {
    std::unique_ptr<ScratchRedis> owned;
    const std::string redis = redisUrlForTests(owned);
    TestServer server({{"REDIS_URL", redis}});
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    const std::string contract = publishContract(http, asset, team, kSchema);

    for (const std::string& path : std::vector<std::string>{
             "/api/v1/assets/" + asset, "/api/v1/assets/" + asset + "/contracts",
             "/api/v1/assets/" + asset + "/lineage", "/api/v1/contracts/" + contract,
             "/api/v1/assets/search?q=warehouse"}) {
        INFO(path);
        const long long hits = cacheCounter(http, "hit");
        const long long misses = cacheCounter(http, "miss");
        auto first = http.get(path);
        REQUIRE(first.status == 200);
        CHECK(cacheCounter(http, "miss") == misses + 1);
        auto second = http.get(path);
        CHECK(second.status == 200);
        CHECK(second.body == first.body);
        CHECK(second.header("content-type") == first.header("content-type"));
        CHECK(cacheCounter(http, "hit") == hits + 1);
    }
    // The spec's keys and TTLs.
    CHECK(redisCommand(redis, "EXISTS tessera:assets:" + asset) == "1");
    CHECK(redisCommand(redis, "EXISTS tessera:assets:contracts:" + asset) == "1");
    CHECK(redisCommand(redis, "EXISTS tessera:assets:lineage:" + asset) == "1");
    CHECK(redisCommand(redis, "EXISTS tessera:contracts:" + contract) == "1");
    const long long assetTtl = std::stoll(redisCommand(redis, "TTL tessera:assets:" + asset));
    CHECK(assetTtl > 290);
    CHECK(assetTtl <= 300);
    const long long contractTtl =
        std::stoll(redisCommand(redis, "TTL tessera:contracts:" + contract));
    CHECK(contractTtl > 590);
    CHECK(contractTtl <= 600);
    // Pages other than the first default one are not cached.
    const long long misses = cacheCounter(http, "miss");
    http.get("/api/v1/assets/" + asset + "/contracts?limit=10");
    http.get("/api/v1/assets/" + asset + "/contracts?offset=1");
    CHECK(cacheCounter(http, "miss") == misses);
    // Errors are not cached.
    CHECK(http.get("/api/v1/assets/00000000-0000-0000-0000-000000000000").status == 404);
    CHECK(redisCommand(redis, "EXISTS tessera:assets:00000000-0000-0000-0000-000000000000") == "0");
}

TEST_CASE("every mutation invalidates what it changes: reads after writes see them",
          "[cache][http]") {
    std::unique_ptr<ScratchRedis> owned;
    TestServer server({{"REDIS_URL", redisUrlForTests(owned)}});
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string fqn = uniqueFqn();
    auto created = postAsset(http, team, fqn);
    REQUIRE(created.status == 201);
    const std::string asset = str(created.json(), "id");
    const std::string v1 = publishContract(http, asset, team, kSchema);
    const std::string other = createTestAsset(http, team);
    const std::string consumer = createTestTeam(http);

    const auto warm = [&] {
        for (const std::string& path : std::vector<std::string>{
                 "/api/v1/assets/" + asset, "/api/v1/assets/" + asset + "/contracts",
                 "/api/v1/assets/" + asset + "/lineage", "/api/v1/assets/" + other + "/lineage",
                 "/api/v1/contracts/" + v1, "/api/v1/assets/search?q=" + fqn}) {
            REQUIRE(http.get(path).status == 200);
        }
    };

    SECTION("PATCH asset: GET, search and the neighbours' lineage") {
        REQUIRE(http.post("/api/v1/assets/" + other + "/dependencies",
                          R"({"depends_on_asset_id":")" + asset + "\"}")
                    .status == 201);
        warm();
        const std::string renamed = uniqueFqn("renamed");
        REQUIRE(http.patch("/api/v1/assets/" + asset, R"({"fqn":")" + renamed + "\"}").status ==
                200);
        CHECK(str(http.get("/api/v1/assets/" + asset).json(), "fqn") == renamed);
        CHECK(num(http.get("/api/v1/assets/search?q=" + fqn).json()["total"]) == 0);
        auto lineage = http.get("/api/v1/assets/" + other + "/lineage").json();
        REQUIRE(lineage["upstream"].Size() == 1);
        CHECK(str(lineage["upstream"][0], "asset_fqn") == renamed);
    }
    SECTION("create asset: searches") {
        warm();
        const std::string sibling = fqn + "_sibling";
        REQUIRE(postAsset(http, team, sibling).status == 201);
        CHECK(num(http.get("/api/v1/assets/search?q=" + fqn).json()["total"]) == 2);
    }
    SECTION("delete and restore asset") {
        warm();
        REQUIRE(http.del("/api/v1/assets/" + asset).status == 204);
        CHECK(http.get("/api/v1/assets/" + asset).status == 404);
        CHECK(num(http.get("/api/v1/assets/search?q=" + fqn).json()["total"]) == 0);
        REQUIRE(http.post("/api/v1/assets/" + asset + "/restore").status == 200);
        CHECK(http.get("/api/v1/assets/" + asset).status == 200);
    }
    SECTION("publish: contract list, and the superseded contract's status") {
        warm();
        auto published = publish(
            http, asset, team,
            R"({"type":"object","properties":{"id":{"type":"integer"},"x":{"type":"string"}}})");
        REQUIRE(published.status == 201);
        CHECK(http.get("/api/v1/assets/" + asset + "/contracts").json()["results"].Size() == 2);
        CHECK(str(http.get("/api/v1/contracts/" + v1).json(), "status") == "deprecated");
    }
    SECTION("dependencies: lineage of both ends, created and deleted") {
        warm();
        auto dependency = http.post("/api/v1/assets/" + other + "/dependencies",
                                    R"({"depends_on_asset_id":")" + asset + "\"}");
        REQUIRE(dependency.status == 201);
        CHECK(http.get("/api/v1/assets/" + asset + "/lineage").json()["downstream_assets"].Size() ==
              1);
        CHECK(http.get("/api/v1/assets/" + other + "/lineage").json()["upstream"].Size() == 1);
        REQUIRE(
            http.del("/api/v1/assets/" + other + "/dependencies/" + str(dependency.json(), "id"))
                .status == 204);
        CHECK(http.get("/api/v1/assets/" + asset + "/lineage").json()["downstream_assets"].Size() ==
              0);
        CHECK(http.get("/api/v1/assets/" + other + "/lineage").json()["upstream"].Size() == 0);
    }
    SECTION("registrations: the lineage's consumer teams") {
        warm();
        const std::string registration = registerConsumer(http, v1, consumer);
        auto lineage = http.get("/api/v1/assets/" + asset + "/lineage").json();
        REQUIRE(lineage["downstream"].Size() == 1);
        CHECK(str(lineage["downstream"][0]["registrations"][0], "status") == "active");
        REQUIRE(http.patch("/api/v1/registrations/" + registration, R"({"status":"migrating"})")
                    .status == 200);
        lineage = http.get("/api/v1/assets/" + asset + "/lineage").json();
        CHECK(str(lineage["downstream"][0]["registrations"][0], "status") == "migrating");
        REQUIRE(http.del("/api/v1/registrations/" + registration).status == 204);
        CHECK(http.get("/api/v1/assets/" + asset + "/lineage").json()["downstream"].Size() == 0);
    }
    SECTION("team rename: owner names in cached reads") {
        warm();
        const std::string name = "renamed-" + uniqueSuffix();
        REQUIRE(http.patch("/api/v1/teams/" + team, R"({"name":")" + name + "\"}").status == 200);
        CHECK(str(http.get("/api/v1/assets/" + asset).json(), "owner_team_name") == name);
        CHECK(str(http.get("/api/v1/assets/search?q=" + fqn).json()["results"][0],
                  "owner_team_name") == name);
        CHECK(str(http.get("/api/v1/assets/" + asset + "/lineage").json(), "owner_team_name") ==
              name);
    }
}

TEST_CASE("Redis going away never fails a request; nothing stale survives its return",
          "[cache][http][outage]") {
    ScratchRedis redis;
    TestServer server({{"REDIS_URL", redis.url()}});
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    const std::string path = "/api/v1/assets/" + asset;
    REQUIRE(http.get(path).status == 200);
    REQUIRE(http.get(path).status == 200);  // cached now
    REQUIRE(redisCommand(redis.url(), "EXISTS tessera:assets:" + asset) == "1");

    SECTION("stopped: every endpoint answers from Postgres") {
        redis.stop();
        const long long errors = cacheCounter(http, "error");
        const std::string renamed = uniqueFqn("outage");
        const auto start = std::chrono::steady_clock::now();
        REQUIRE(http.patch(path, R"({"fqn":")" + renamed + "\"}").status == 200);
        for (int i = 0; i < 20; ++i) {
            auto response = http.get(path);
            REQUIRE(response.status == 200);
            CHECK(str(response.json(), "fqn") == renamed);
        }
        CHECK(http.get(path + "/lineage").status == 200);
        CHECK(http.get(path + "/contracts").status == 200);
        CHECK(http.get("/api/v1/assets/search?q=outage").status == 200);
        CHECK(std::chrono::steady_clock::now() - start < 5s);
        CHECK(cacheCounter(http, "error") > errors);

        // Back (empty, as a restarted Redis is): caching resumes.
        redis.start();
        for (int i = 0;
             i < 100 && redisCommand(redis.url(), "EXISTS tessera:assets:" + asset) != "1"; ++i) {
            http.get(path);
            std::this_thread::sleep_for(50ms);
        }
        CHECK(redisCommand(redis.url(), "EXISTS tessera:assets:" + asset) == "1");
        CHECK(str(http.get(path).json(), "fqn") == renamed);
    }
    SECTION("unreachable but keeping its data: the lost invalidation flushes it on return") {
        // Redis stops answering (its data intact) while the asset is renamed.
        redisCommand(redis.url(), "CLIENT PAUSE 1500 ALL");
        const std::string renamed = uniqueFqn("paused");
        REQUIRE(http.patch(path, R"({"fqn":")" + renamed + "\"}").status == 200);
        CHECK(str(http.get(path).json(), "fqn") == renamed);  // from Postgres
        std::this_thread::sleep_for(2s);                      // the pause ends
        // Whatever the timing, the old name is never served again.
        for (int i = 0; i < 40; ++i) {
            CHECK(str(http.get(path).json(), "fqn") == renamed);
            std::this_thread::sleep_for(25ms);
        }
        CHECK(redisCommand(redis.url(), "GET tessera:assets:" + asset).find(renamed) !=
              std::string::npos);
    }
}
