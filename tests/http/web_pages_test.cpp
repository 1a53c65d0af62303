// The web UI's page routes (spec 04 §5.3, docs/webui.md): the route table, 302 /login without a
// session, the audit log for admins only, the HTML shell and its escaping, 404 for unknown ids.
#include <algorithm>
#include <pqxx/pqxx>

#include "server/handlers/route_table.hpp"
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/web_client.hpp"

using namespace tessera::testing;

namespace {

struct PageCase {
    const char* path;  // {id}: the id of a row of that kind
    const char* page;  // data-page
};

const PageCase kPages[] = {
    {"/", "dashboard"},
    {"/users", "users"},
    {"/users/{user}", "user"},
    {"/teams", "teams"},
    {"/teams/{team}", "team"},
    {"/assets", "assets"},
    {"/assets/{asset}", "asset"},
    {"/contracts", "contracts"},
    {"/contracts/{contract}", "contract"},
    {"/proposals", "proposals"},
    {"/proposals/{proposal}", "proposal"},
    {"/import", "import"},
    {"/settings", "settings"},
    {"/admin/audit", "audit"},
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Rows of every kind a detail page shows, made the way tests make them elsewhere.
struct PageRows {
    std::map<std::string, std::string> ids;  // "{user}" → id, …

    std::string path(std::string pattern) const {
        for (const auto& [placeholder, id] : ids) {
            const size_t at = pattern.find(placeholder);
            if (at != std::string::npos) pattern.replace(at, placeholder.size(), id);
        }
        return pattern;
    }
};

struct PagesFixture {
    PagesFixture() : secured(Env{{"SESSION_SECRET_KEY", "pages-test-secret"}}) {
        TestServer& server = secured.server();
        const auto& http = secured.http();
        const Headers key = bearer(kBootstrapKey);
        teamId = secured.createTeam("pages-team");
        const std::string consumer = secured.createTeam("pages-consumer");
        admin = insertLoginUser(
            server, {"admin@pages.test", "pw-admin", "admin", teamId, "Ada <b>Admin</b>"});
        insertLoginUser(server,
                        {"user@pages.test", "pw-user", "user", teamId, "Uma \"User\" & co"});
        // An asset whose name is markup (the API's FQN rules would refuse it; a dbt import or an
        // operator might not).
        pqxx::connection connection(server.databaseUrl());
        pqxx::nontransaction query(connection);
        const std::string asset =
            query
                .exec_params1(
                    "INSERT INTO core.assets (fqn, owner_team_id) VALUES ($1, $2)"
                    " RETURNING id::text",
                    std::string("<img src=x onerror=alert(1)>"), teamId)[0]
                .as<std::string>();
        auto contract = http.post(
            "/api/v1/assets/" + asset + "/contracts?published_by=" + teamId,
            R"({"version":"1.0.0","schema":{"type":"object","properties":{"a":{"type":"string"}}}})",
            key);
        REQUIRE(contract.status == 201);
        const std::string contractId = str(contract.json()["contract"], "id");
        REQUIRE(http.post("/api/v1/registrations?contract_id=" + contractId,
                          R"({"consumer_team_id":")" + consumer + "\"}", key)
                    .status == 201);
        auto proposal =
            http.post("/api/v1/assets/" + asset + "/contracts?published_by=" + teamId,
                      R"({"version":"2.0.0","schema":{"type":"object","properties":{}}})", key);
        REQUIRE(proposal.status == 201);
        rows.ids = {{"{user}", admin},
                    {"{team}", teamId},
                    {"{asset}", asset},
                    {"{contract}", contractId},
                    {"{proposal}", str(proposal.json()["proposal"], "id")}};
    }

    SecuredServer secured;
    std::string teamId, admin;
    PageRows rows;
};

}  // namespace

TEST_CASE("the web route table: login, logout, the pages of §5.3, /static/", "[web][routes]") {
    std::vector<std::string> served;
    for (const auto& route : tessera::server::buildWebRouteTable()) {
        CHECK(route.auth == tessera::server::AuthRequirement::None);  // pages check sessions
        served.push_back(route.method + " " + route.pathTemplate);
    }
    std::vector<std::string> expected = {"GET /login", "POST /login", "GET /logout",
                                         "GET /static/{path...}", "GET /static/vendor/{path...}"};
    for (const PageCase& page : kPages) {
        std::string path = page.path;
        const size_t brace = path.find('{');
        if (brace != std::string::npos) path = path.substr(0, brace) + "{id}";
        expected.push_back("GET " + path);
    }
    std::sort(served.begin(), served.end());
    std::sort(expected.begin(), expected.end());
    CHECK(served == expected);
    // The API's table (the auth matrix) has none of them.
    for (const auto& route : tessera::server::buildRouteTable()) {
        CHECK_FALSE(route.pathTemplate.rfind("/static", 0) == 0);
        CHECK_FALSE(route.pathTemplate == "/login");
    }
}

TEST_CASE("every page: 302 /login without a session, the shell with one", "[http][web][pages]") {
    PagesFixture fixture;
    const auto& http = fixture.secured.http();
    WebClient admin(http), user(http);
    REQUIRE(admin.login("admin@pages.test", "pw-admin").status == 302);
    REQUIRE(user.login("user@pages.test", "pw-user").status == 302);

    for (const PageCase& page : kPages) {
        const std::string path = fixture.rows.path(page.path);
        INFO(path);
        const HttpResult anonymous = WebClient(http).get(path);
        CHECK(anonymous.status == 302);
        CHECK(anonymous.header("location") == "/login");

        const HttpResult shell = admin.get(path);
        REQUIRE(shell.status == 200);
        CHECK(shell.header("content-type") == "text/html; charset=utf-8");
        CHECK(shell.header("cache-control") == "no-store");
        CHECK(contains(shell.header("content-security-policy"), "default-src 'self'"));
        CHECK(shell.body.rfind("<!doctype html>", 0) == 0);
        CHECK(contains(shell.body, std::string("data-page=\"") + page.page + "\""));
        CHECK(contains(shell.body, "<script src=\"/static/pages/" + std::string(page.page) +
                                       ".js\"></script>"));
        CHECK(contains(shell.body, "<script src=\"/static/api.js\"></script>"));
        CHECK(contains(shell.body, "<link rel=\"stylesheet\" href=\"/static/app.css\">"));
        CHECK(contains(shell.body, "<main id=\"content\"></main>"));
        CHECK(contains(shell.body, "data-user-id=\"" + fixture.admin + "\""));
        CHECK(contains(shell.body, "data-user-role=\"admin\""));
        CHECK(contains(shell.body, "data-slack=\"false\""));
        CHECK(csrfMetaToken(shell.body).size() == 64);
        const bool detail = contains(page.path, "{");
        const std::string id = detail ? path.substr(path.rfind('/') + 1) : "";
        CHECK(contains(shell.body, "data-id=\"" + id + "\""));
        const bool graph =
            page.page == std::string("asset") || page.page == std::string("proposal");
        CHECK(contains(shell.body, "/static/vendor/cytoscape/dist/cytoscape.min.js") == graph);
        // Nav and header.
        for (const char* href :
             {"href=\"/\"", "href=\"/users\"", "href=\"/teams\"", "href=\"/assets\"",
              "href=\"/contracts\"", "href=\"/proposals\"", "href=\"/import\"",
              "href=\"/settings\"", "href=\"/logout\"", "href=\"/admin/audit\""}) {
            CHECK(contains(shell.body, href));
        }

        if (page.page == std::string("audit")) {
            const HttpResult refused = user.get(path);
            CHECK(refused.status == 302);
            CHECK(refused.header("location") == "/");
        } else {
            const HttpResult forUser = user.get(path);
            CHECK(forUser.status == 200);
            CHECK_FALSE(contains(forUser.body, "href=\"/admin/audit\""));
            CHECK(contains(forUser.body, "data-user-role=\"user\""));
        }
    }
}

TEST_CASE("database values in shells are text: names with markup are escaped",
          "[http][web][pages]") {
    PagesFixture fixture;
    WebClient admin(fixture.secured.http()), user(fixture.secured.http());
    REQUIRE(admin.login("admin@pages.test", "pw-admin").status == 302);
    REQUIRE(user.login("user@pages.test", "pw-user").status == 302);

    const HttpResult asset = admin.get(fixture.rows.path("/assets/{asset}"));
    REQUIRE(asset.status == 200);
    CHECK(
        contains(asset.body, "<title>Tessera – Asset &lt;img src=x onerror=alert(1)&gt;</title>"));
    CHECK_FALSE(contains(asset.body, "<img src=x"));
    const HttpResult proposal = admin.get(fixture.rows.path("/proposals/{proposal}"));
    CHECK(contains(proposal.body, "Proposal &lt;img src=x onerror=alert(1)&gt;"));
    const HttpResult contract = admin.get(fixture.rows.path("/contracts/{contract}"));
    CHECK(contains(contract.body, "Contract &lt;img src=x onerror=alert(1)&gt; 1.0.0"));
    CHECK_FALSE(contains(contract.body, "<img src=x"));

    CHECK(contains(admin.get("/").body, "<span class=\"user-name\">Ada &lt;b&gt;Admin&lt;/b&gt;"));
    CHECK_FALSE(contains(admin.get("/").body, "<b>Admin"));
    CHECK(contains(user.get("/settings").body, "Uma &quot;User&quot; &amp; co"));
    CHECK(contains(admin.get(fixture.rows.path("/users/{user}")).body,
                   "<title>Tessera – User Ada &lt;b&gt;Admin&lt;/b&gt;</title>"));
}

TEST_CASE("detail pages of unknown or malformed ids are 404", "[http][web][pages]") {
    PagesFixture fixture;
    WebClient admin(fixture.secured.http());
    REQUIRE(admin.login("admin@pages.test", "pw-admin").status == 302);
    for (const char* kind : {"users", "teams", "assets", "contracts", "proposals"}) {
        for (const std::string id :
             {"00000000-0000-0000-0000-000000000000", "not-a-uuid", "%3Cscript%3E"}) {
            const HttpResult page = admin.get(std::string("/") + kind + "/" + id);
            INFO(kind << "/" << id);
            CHECK(page.status == 404);
            CHECK(page.header("content-type") == "text/html; charset=utf-8");
            CHECK_FALSE(contains(page.body, "<script>"));
        }
    }
    // Without a session the answer is still the login redirect (nothing about the id leaks).
    CHECK(WebClient(fixture.secured.http()).get("/assets/not-a-uuid").status == 302);
    // A trailing slash is the router's 307, as for the API.
    CHECK(admin.get("/assets/").status == 307);
}

TEST_CASE("SLACK_WEBHOOK_URL shows in the shell as data-slack", "[http][web][pages]") {
    SecuredServer secured(Env{{"SLACK_WEBHOOK_URL", "http://127.0.0.1:9/slack"}});
    const std::string team = secured.createTeam("slack-team");
    insertLoginUser(secured.server(), {"slack@pages.test", "pw-user", "user", team});
    WebClient browser(secured.http());
    REQUIRE(browser.login("slack@pages.test", "pw-user").status == 302);
    CHECK(contains(browser.get("/settings").body, "data-slack=\"true\""));
}
