// The rendered-body cache of GET /assets/{id}/blast-radius (issue 19 item 1,
// server/cache/rendered_body_cache.hpp): a repeated request is answered from the cache with
// the very bytes the first one rendered, each view, page and depth under its own entry, and
// nothing stale survives a change of the graph or of a team's name.
#include <string>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/gunzip.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// tessera_rendered_body_cache_requests_total{result="<result>"} from GET /metrics.
long long cacheCounter(const HttpClient& http, const std::string& result) {
    const std::string body = http.get("/metrics").body;
    const std::string series =
        "tessera_rendered_body_cache_requests_total{result=\"" + result + "\"} ";
    const auto at = body.find(series);
    if (at == std::string::npos) return 0;
    return std::stoll(body.substr(at + series.size()));
}

std::string radiusPath(const std::string& asset, const std::string& query = "") {
    return "/api/v1/assets/" + asset + "/blast-radius" + (query.empty() ? "" : "?" + query);
}

}  // namespace

TEST_CASE("A repeated blast radius is served from the cache, byte for byte", "[render_cache]") {
    TestServer server;
    const HttpClient& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string root = createTestAsset(http, team);
    for (int i = 0; i < 20; ++i) dependsOn(http, createTestAsset(http, team), root);

    const long long hits = cacheCounter(http, "hit");
    const long long misses = cacheCounter(http, "miss");
    const HttpResult first = http.get(radiusPath(root));
    REQUIRE(first.status == 200);
    const HttpResult second = http.get(radiusPath(root));
    REQUIRE(second.status == 200);
    CHECK(second.body == first.body);
    CHECK(second.header("etag") == first.header("etag"));
    CHECK(cacheCounter(http, "miss") == misses + 1);
    CHECK(cacheCounter(http, "hit") == hits + 1);

    // Every other form of the request is an entry of its own, never another's bytes.
    for (const std::string query : {"view=summary", "depth=1", "limit=5", "limit=5&offset=5",
                                    "direction=upstream", "columns=id"}) {
        CAPTURE(query);
        const HttpResult other = http.get(radiusPath(root, query));
        REQUIRE(other.status == 200);
        CHECK(other.body != first.body);
        CHECK(http.get(radiusPath(root, query)).body == other.body);
    }
    CHECK(cacheCounter(http, "hit") == hits + 7);

    // A cached body gzipped (once) inflates to the same bytes, every time.
    for (int i = 0; i < 2; ++i) {
        const HttpResult gzipped = http.get(radiusPath(root), {{"Accept-Encoding", "gzip"}});
        REQUIRE(gzipped.status == 200);
        CHECK(gzipped.header("content-encoding") == "gzip");
        CHECK(gunzip(gzipped.body) == first.body);
    }
}

TEST_CASE("No cached blast radius outlives a change of the graph or of a team", "[render_cache]") {
    TestServer server;
    const HttpClient& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string root = createTestAsset(http, team);
    const std::string child = createTestAsset(http, team);
    dependsOn(http, child, root);
    const std::string before = http.get(radiusPath(root)).body;
    REQUIRE(http.get(radiusPath(root)).body == before);  // now cached

    const std::string grandchild = createTestAsset(http, team);
    dependsOn(http, grandchild, child);
    const std::string after = http.get(radiusPath(root)).body;
    CHECK(after != before);
    CHECK(after.find(grandchild) != std::string::npos);

    const auto renamed =
        http.patch("/api/v1/teams/" + team, R"({"name":"renamed-while-cached-team"})");
    REQUIRE(renamed.status == 200);
    CHECK(http.get(radiusPath(root)).body.find("renamed-while-cached-team") != std::string::npos);
}

TEST_CASE("BLAST_RADIUS_CACHE_MB=0 renders every request; bad values stop the start-up",
          "[render_cache]") {
    {
        TestServer server(Env{{"BLAST_RADIUS_CACHE_MB", "0"}});
        const HttpClient& http = server.client();
        const std::string team = createTestTeam(http);
        const std::string root = createTestAsset(http, team);
        dependsOn(http, createTestAsset(http, team), root);
        const std::string first = http.get(radiusPath(root)).body;
        CHECK(http.get(radiusPath(root)).body == first);
        CHECK(cacheCounter(http, "hit") == 0);
    }
    for (const char* value : {"-1", "lots", "1048577"}) {
        CAPTURE(value);
        CHECK_THROWS(TestServer(Env{{"BLAST_RADIUS_CACHE_MB", value}}));
    }
}
