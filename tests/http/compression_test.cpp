// Gzip over HTTP (issue 19 item 4): a blast-radius listing asked for with Accept-Encoding: gzip
// comes back compressed, inflates to the identity body, revalidates with the weak ETag it
// carries; small bodies, clients that do not ask, and RESPONSE_GZIP=false get identity.
#include <string>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/gunzip.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// A root with 30 direct dependents: a listing of several KB.
std::string rootWithDependents(const HttpClient& http) {
    const std::string team = createTestTeam(http);
    const std::string root = createTestAsset(http, team);
    for (int i = 0; i < 30; ++i) dependsOn(http, createTestAsset(http, team), root);
    return root;
}

}  // namespace

TEST_CASE("A blast-radius listing is gzipped for clients that ask", "[compression]") {
    const HttpClient& http = sharedServer().client();
    const std::string path = "/api/v1/assets/" + rootWithDependents(http) + "/blast-radius";

    const HttpResult identity = http.get(path);
    REQUIRE(identity.status == 200);
    REQUIRE(identity.body.size() > 1400);
    CHECK(identity.header("content-encoding").empty());
    CHECK(identity.header("vary").find("Accept-Encoding") != std::string::npos);
    const std::string strongTag = identity.header("etag");
    REQUIRE(strongTag.rfind("\"", 0) == 0);

    const HttpResult gzipped = http.get(path, {{"Accept-Encoding", "gzip, deflate"}});
    REQUIRE(gzipped.status == 200);
    CHECK(gzipped.header("content-encoding") == "gzip");
    CHECK(gzipped.header("vary").find("Accept-Encoding") != std::string::npos);
    CHECK(gzipped.body.size() < identity.body.size() / 3);
    CHECK(gunzip(gzipped.body) == identity.body);
    CHECK(gzipped.header("etag") == "W/" + strongTag);

    // Either tag revalidates either representation.
    for (const std::string& tag : {strongTag, "W/" + strongTag}) {
        const HttpResult notModified =
            http.get(path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", tag}});
        CHECK(notModified.status == 304);
        CHECK(notModified.body.empty());
        CHECK(http.get(path, {{"If-None-Match", tag}}).status == 304);
    }

    const HttpResult refused = http.get(path, {{"Accept-Encoding", "gzip;q=0, identity"}});
    CHECK(refused.header("content-encoding").empty());
    CHECK(refused.body == identity.body);
}

TEST_CASE("Small bodies and errors below the threshold are sent as they are", "[compression]") {
    const HttpClient& http = sharedServer().client();
    const HttpResult health = http.get("/health", {{"Accept-Encoding", "gzip"}});
    CHECK(health.status == 200);
    CHECK(health.header("content-encoding").empty());
    CHECK(health.body == R"({"status":"healthy"})");
    const HttpResult missing = http.get("/api/v1/assets/00000000-0000-0000-0000-000000000000",
                                        {{"Accept-Encoding", "gzip"}});
    CHECK(missing.status == 404);
    CHECK(missing.header("content-encoding").empty());
    CHECK(missing.body.find("\"code\"") != std::string::npos);
}

TEST_CASE("RESPONSE_GZIP=false sends identity to everyone", "[compression]") {
    TestServer server(Env{{"RESPONSE_GZIP", "false"}});
    const HttpClient& http = server.client();
    const std::string path = "/api/v1/assets/" + rootWithDependents(http) + "/blast-radius";
    const HttpResult response = http.get(path, {{"Accept-Encoding", "gzip"}});
    REQUIRE(response.status == 200);
    CHECK(response.header("content-encoding").empty());
    CHECK(response.body.rfind("{", 0) == 0);
}

TEST_CASE("GZIP_LEVEL and GZIP_MIN_BYTES are checked at start-up", "[compression]") {
    for (const auto& [name, value] : {std::pair{"GZIP_LEVEL", "0"}, std::pair{"GZIP_LEVEL", "10"},
                                      std::pair{"GZIP_MIN_BYTES", "-1"}}) {
        CAPTURE(name, value);
        CHECK_THROWS(TestServer(Env{{name, value}}));
    }
}
