// `tessera seed-demo` (issue 17, docs/webui.md): the demo users log in with their passwords and
// roles, the lineage is the documented one (50 assets; 16 downstream of demo.analytics.orders),
// one proposal is open with two consumer teams still to answer; a second run changes nothing.
#include <cstdio>
#include <pqxx/pqxx>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/web_client.hpp"

using namespace tessera::testing;

namespace {

// The binary's seed-demo against `databaseUrl`: exit status and stdout.
std::pair<int, std::string> runSeed(const std::string& databaseUrl) {
    const std::string command =
        "DATABASE_URL='" + databaseUrl + "' LOG_FORMAT=text '" TESSERA_BINARY "' seed-demo 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string assetId(const HttpClient& http, const std::string& fqn) {
    auto found = http.get("/api/v1/assets/search?q=" + fqn, bearer(kBootstrapKey)).json();
    for (const auto& asset : found["results"].GetArray()) {
        if (str(asset, "fqn") == fqn) return str(asset, "id");
    }
    FAIL("no asset " << fqn);
    return "";
}

}  // namespace

TEST_CASE("seed-demo: users, lineage and an open proposal, once", "[http][web][seed]") {
    // Seeded before the server starts, as `scripts/run.sh --demo` does.
    ScratchDatabase database;
    const auto [status, output] = runSeed(database.url());
    INFO(output);
    REQUIRE(status == 0);
    TestServer server({{"AUTH_DISABLED", "false"}, {"BOOTSTRAP_API_KEY", kBootstrapKey}},
                      database.url());
    const auto& http = server.client();
    CHECK(output.find("seeded the demo: 5 teams, 3 users, 50 assets with contracts") !=
          std::string::npos);

    // Each demo user with its role, API scopes to match.
    for (const auto& [email, role] :
         std::vector<std::pair<std::string, std::string>>{{"admin@test.com", "admin"},
                                                          {"team_admin@test.com", "team_admin"},
                                                          {"user@test.com", "user"}}) {
        INFO(email);
        WebClient browser(http);
        const HttpResult login = browser.login(email, role);
        CHECK(login.header("location") == "/");
        CHECK(browser.get("/").body.find("data-user-role=\"" + role + "\"") != std::string::npos);
        CHECK(browser.api("GET", "/api/v1/teams").status == 200);
    }
    WebClient nobody(http);
    CHECK(nobody.login("admin@test.com", "wrong").header("location") == "/login?error=invalid");

    const Headers key = bearer(kBootstrapKey);
    CHECK(num(http.get("/api/v1/assets?limit=1", key).json()["total"]) == 50);
    CHECK(num(http.get("/api/v1/contracts?limit=1", key).json()["total"]) == 50);
    CHECK(num(http.get("/api/v1/teams?limit=1", key).json()["total"]) == 5);

    // The radius the browser test counts (docs/webui.md).
    const std::string orders = assetId(http, "demo.analytics.orders");
    auto radius = http.get("/api/v1/assets/" + orders + "/blast-radius?depth=10&view=summary", key);
    REQUIRE(radius.status == 200);
    const auto summary = radius.json();
    CHECK(num(summary["total_assets"]) == 16);
    std::vector<long long> perDepth;
    for (const auto& row : summary["by_depth"].GetArray()) perDepth.push_back(num(row["assets"]));
    CHECK(perDepth == std::vector<long long>{8, 5, 2, 1});
    auto upstream = http.get(
        "/api/v1/assets/" + orders + "/blast-radius?depth=10&direction=upstream&view=summary", key);
    CHECK(num(upstream.json()["total_assets"]) == 6);

    auto audits = http.get("/api/v1/assets/" + orders + "/audit-history?limit=10", key).json();
    CHECK(num(audits["total_runs"]) == 5);
    CHECK(str(audits["runs"][0], "status") == "passed");  // newest first

    // One open proposal on it: Finance approved, Marketing and Machine Learning pending.
    auto proposals = http.get("/api/v1/proposals?status=pending", key).json();
    REQUIRE(num(proposals["total"]) == 1);
    const std::string proposal = str(proposals["results"][0], "id");
    auto proposalStatus = http.get("/api/v1/proposals/" + proposal + "/status", key).json();
    CHECK(str(proposalStatus, "asset_fqn") == "demo.analytics.orders");
    CHECK(num(proposalStatus["consumers"]["total"]) == 3);
    CHECK(num(proposalStatus["consumers"]["acknowledged"]) == 1);
    CHECK(num(proposalStatus["consumers"]["pending"]) == 2);
    CHECK(proposalStatus["breaking_changes"].Size() == 2);

    // The team admin (Marketing) acknowledges through the session, as the UI does.
    WebClient lead(http);
    REQUIRE(lead.login("team_admin@test.com", "team_admin").status == 302);
    const std::string marketing = str(
        http.get("/api/v1/users?email=team_admin@test.com", key).json()["results"][0], "team_id");
    auto ack = lead.api("POST", "/api/v1/proposals/" + proposal + "/acknowledge",
                        R"({"consumer_team_id":")" + marketing + R"(","response":"approved"})");
    INFO(ack.body);
    CHECK(ack.status == 201);

    // The admin audit log has the seed's events.
    CHECK(num(http.get("/api/v1/audit/events?limit=1", key).json()["total"]) >= 52);

    const auto [again, secondOutput] = runSeed(database.url());
    CHECK(again == 0);
    CHECK(secondOutput.find("already present") != std::string::npos);
    CHECK(num(http.get("/api/v1/assets?limit=1", key).json()["total"]) == 50);
}
