// A statement that returns fewer rows than its code relies on (here an INSERT … RETURNING that a
// trigger swallows, as a broken or hostile database might) is the 500 envelope with the request
// id, logged with that id — never undefined behaviour, and the server keeps serving.
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

TEST_CASE("a result without its promised row is a logged 500, not a crash", "[fault][rows]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    const auto& http = server.client();
    execSql(server,
            "CREATE FUNCTION public.swallow_row() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RETURN NULL; END $$");
    execSql(server,
            "CREATE TRIGGER swallow BEFORE INSERT ON core.teams"
            " FOR EACH ROW EXECUTE FUNCTION public.swallow_row()");

    auto response = http.post("/api/v1/teams", R"({"name":"swallowed"})",
                              {{"X-Request-ID", "req-swallowed-1"}});
    CHECK(response.status == 500);
    CHECK(errorCode(response.json()) == "INTERNAL_ERROR");
    CHECK(str(response.json()["error"], "request_id") == "req-swallowed-1");
    CHECK(response.header("x-request-id") == "req-swallowed-1");
    const std::string log = server.log();
    INFO(log);
    CHECK(log.find("request req-swallowed-1: POST /api/v1/teams failed") != std::string::npos);
    CHECK(log.find("expected 1 row, got 0") != std::string::npos);

    execSql(server, "DROP TRIGGER swallow ON core.teams");
    CHECK(http.get("/health").status == 200);
    CHECK(http.post("/api/v1/teams", R"({"name":"kept"})").status == 201);
}
