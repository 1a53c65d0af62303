// Text Postgres cannot store (malformed UTF-8, NUL) is a 422 wherever it comes in: bodies,
// query strings and paths — never a 500 from the database, and nothing written.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

TEST_CASE("NUL and malformed UTF-8 are 422 in bodies, queries and paths", "[http][encoding]") {
    const auto& http = sharedServer().client();
    const long long teams = countRows(sharedServer(), "SELECT count(*) FROM core.teams");

    auto nul = http.post("/api/v1/teams", R"({"name":"a\u0000b"})");
    CHECK(nul.status == 422);
    CHECK(str(nul.json()["detail"][0], "type") == "json_invalid");
    auto nulKey = http.post("/api/v1/teams", R"({"name":"ok","metadata":{"k\u0000":1}})");
    CHECK(nulKey.status == 422);
    auto badUtf8 = http.post("/api/v1/teams", "{\"name\":\"bad \xC3\x28\"}");
    CHECK(badUtf8.status == 422);
    CHECK(str(badUtf8.json()["detail"][0], "type") == "json_invalid");
    CHECK(countRows(sharedServer(), "SELECT count(*) FROM core.teams") == teams);

    for (const std::string query : {"q=%00", "q=%FF", "q=a%C3"}) {
        INFO(query);
        auto response = http.get("/api/v1/assets/search?" + query);
        CHECK(response.status == 422);
        auto body = response.json();
        CHECK(str(body["detail"][0], "type") == "string_unicode");
        CHECK(text(body["detail"][0]["loc"][0]) == "query");
        CHECK(text(body["detail"][0]["loc"][1]) == "q");
    }
    auto path =
        http.get("/api/v1/audit/entities/te%00am/00000000-0000-0000-0000-000000000000/history");
    CHECK(path.status == 422);

    // Non-ASCII that is well formed is just text.
    auto unicode = http.post("/api/v1/teams", R"({"name":"team-)" + uniqueSuffix() +
                                                  R"(","metadata":{"label":"équipe ✓"}})");
    CHECK(unicode.status == 201);
    CHECK(http.get("/api/v1/assets/search?q=%C3%A9").status == 200);
}
