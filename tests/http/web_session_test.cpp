// The web UI's login, session and CSRF rules (spec 04 §5.1–5.2, issue 17) over HTTP: every
// redirect, every cookie attribute, the failures that must all look alike, server-side logout,
// the session's API scopes and the CSRF token of cookie-authenticated writes.
#include "server/middleware/credentials.hpp"
#include "server/middleware/session_cookie.hpp"
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/web_client.hpp"

using namespace tessera::testing;

namespace {

const std::string kSecret = "web-session-test-secret-0123456789";

// A server with authentication on, a known session secret, and users of every kind.
struct WebFixture {
    explicit WebFixture(Env extra = {}) : secured(withSecret(std::move(extra))) {
        teamId = secured.createTeam("web-" + uniqueSuffix());
    }

    static Env withSecret(Env extra) {
        Env env = {{"SESSION_SECRET_KEY", kSecret}};
        for (auto& [name, value] : extra) env[name] = value;
        return env;
    }

    std::string addUser(const std::string& email, const std::string& password,
                        const std::string& role = "user", bool withTeam = true,
                        bool deactivated = false) {
        return insertLoginUser(secured.server(), {email, password, role, withTeam ? teamId : "",
                                                  "Web User", deactivated});
    }

    const HttpClient& http() const { return secured.http(); }

    SecuredServer secured;
    std::string teamId;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// What a failed login answers, without the parts that differ per request.
std::string failureShape(const HttpResult& response) {
    return std::to_string(response.status) + " " + response.header("location") + " [" +
           response.header("set-cookie") + "] " + response.body;
}

}  // namespace

TEST_CASE("login: the form, a good password, the session cookie's attributes",
          "[http][web][session]") {
    WebFixture web;
    web.addUser("ada@example.com", "correct horse", "team_admin");
    WebClient browser(web.http());

    const HttpResult form = browser.get("/login");
    CHECK(form.status == 200);
    CHECK(form.header("content-type") == "text/html; charset=utf-8");
    CHECK(form.header("cache-control") == "no-store");
    CHECK(contains(form.body, "<form method=\"post\" action=\"/login\">"));
    CHECK(contains(form.body, "name=\"email\""));
    CHECK(contains(form.body, "name=\"password\""));
    CHECK_FALSE(contains(form.body, "Invalid email or password"));
    const std::string loginCookie = form.header("set-cookie");
    CHECK(loginCookie.rfind("login_csrf=", 0) == 0);
    CHECK(contains(loginCookie, "; Path=/login;"));
    CHECK(contains(loginCookie, "; HttpOnly; SameSite=Lax"));

    const HttpResult ok = browser.login("ada@example.com", "correct horse");
    CHECK(ok.status == 302);
    CHECK(ok.header("location") == "/");
    const std::string cookie = ok.header("set-cookie");
    INFO(cookie);
    CHECK(cookie.rfind("session=", 0) == 0);
    CHECK(contains(cookie, "; Path=/;"));
    CHECK(contains(cookie, "; Max-Age=1209600;"));  // 14 days
    CHECK(contains(cookie, "; HttpOnly"));
    CHECK(contains(cookie, "; SameSite=Lax"));
    CHECK_FALSE(contains(cookie, "Secure"));
    CHECK(countRows(web.secured.server(), "SELECT count(*) FROM core.web_sessions") == 1);
    // Only the SHA-256 of the session id is stored.
    const std::string sessionId = browser.cookie("session").substr(0, 64);
    CHECK(countRows(web.secured.server(),
                    "SELECT count(*) FROM core.web_sessions WHERE token_hash = $1",
                    tessera::server::sha256Hex(sessionId)) == 1);
    CHECK(countRows(web.secured.server(),
                    "SELECT count(*) FROM core.web_sessions WHERE token_hash = $1",
                    sessionId) == 0);

    const HttpResult dashboard = browser.get("/");
    CHECK(dashboard.status == 200);
    CHECK(contains(dashboard.body, "data-page=\"dashboard\""));
    CHECK(contains(dashboard.body, "data-user-role=\"team_admin\""));
    CHECK(contains(dashboard.body, "data-team-id=\"" + web.teamId + "\""));
    CHECK(csrfMetaToken(dashboard.body).size() == 64);

    // Logging in again replaces the browser's session.
    const std::string first = browser.cookie("session");
    // (The form of a tab opened before: GET /login now redirects.)
    REQUIRE(browser
                .postLoginForm({{"email", "ada@example.com"},
                                {"password", "correct horse"},
                                {"csrf_token", browser.loginFormToken()}})
                .status == 302);
    CHECK(browser.cookie("session") != first);
    CHECK(countRows(web.secured.server(), "SELECT count(*) FROM core.web_sessions") == 1);
    WebClient stale(web.http());
    stale.setCookie("session", first);
    CHECK(stale.get("/").header("location") == "/login");

    // Logged in, the login page sends the browser home.
    const HttpResult again = browser.get("/login");
    CHECK(again.status == 302);
    CHECK(again.header("location") == "/");
}

TEST_CASE("login failures all answer alike and never say whether the e-mail exists",
          "[http][web][session]") {
    WebFixture web;
    web.addUser("known@example.com", "right-password");
    web.addUser("gone@example.com", "right-password", "user", true, true);
    web.addUser("nopass@example.com", "");
    WebClient browser(web.http());

    std::vector<std::string> shapes;
    for (const auto& [email, password] : std::vector<std::pair<std::string, std::string>>{
             {"known@example.com", "wrong-password"},
             {"unknown@example.com", "right-password"},
             {"gone@example.com", "right-password"},
             {"nopass@example.com", ""},
             {"KNOWN@example.com", "right-password"}}) {
        INFO(email << " / " << password);
        const HttpResult failed = browser.login(email, password);
        CHECK(failed.status == 302);
        CHECK(failed.header("location") == "/login?error=invalid");
        CHECK(browser.cookie("session").empty());
        shapes.push_back(failureShape(failed));
    }
    for (const std::string& shape : shapes) CHECK(shape == shapes.front());
    CHECK(countRows(web.secured.server(), "SELECT count(*) FROM core.web_sessions") == 0);

    const HttpResult shown = browser.get("/login?error=invalid");
    CHECK(shown.status == 200);
    CHECK(contains(shown.body, "Invalid email or password"));
    CHECK(contains(browser.get("/login?error=anything").body, "Invalid email or password"));
}

TEST_CASE("login: missing fields are 422, a form without its CSRF token 403",
          "[http][web][session]") {
    WebFixture web;
    web.addUser("csrf@example.com", "pw-1234");
    WebClient browser(web.http());
    browser.get("/login");
    const std::string token = [&] {
        browser.login("nobody@example.com", "x");
        return browser.loginFormToken();
    }();

    for (const auto& fields : std::vector<std::map<std::string, std::string>>{
             {{"password", "pw-1234"}, {"csrf_token", token}},
             {{"email", "csrf@example.com"}, {"csrf_token", token}},
             {{"csrf_token", token}}}) {
        const HttpResult missing = browser.postLoginForm(fields);
        CHECK(missing.status == 422);
        CHECK(missing.json()["detail"][0]["type"].GetString() == std::string("missing"));
    }
    const HttpResult neither = browser.postLoginForm({});
    CHECK(neither.status == 422);
    CHECK(neither.json()["detail"].Size() == 2);

    // The right password, but no token, a wrong token, or a token without its cookie.
    CHECK(browser.postLoginForm({{"email", "csrf@example.com"}, {"password", "pw-1234"}}).status ==
          403);
    CHECK(browser
              .postLoginForm({{"email", "csrf@example.com"},
                              {"password", "pw-1234"},
                              {"csrf_token", std::string(64, 'a')}})
              .status == 403);
    WebClient otherSite(web.http());  // has the token (it is in a page) but not the cookie
    const HttpResult forged = otherSite.postLoginForm(
        {{"email", "csrf@example.com"}, {"password", "pw-1234"}, {"csrf_token", token}});
    CHECK(forged.status == 403);
    CHECK(forged.header("set-cookie").empty());
    CHECK(countRows(web.secured.server(), "SELECT count(*) FROM core.web_sessions") == 0);

    CHECK(browser.login("csrf@example.com", "pw-1234").status == 302);
    CHECK_FALSE(browser.cookie("session").empty());
}

TEST_CASE("Secure cookies: SESSION_COOKIE_SECURE=true, or a request that came over TLS",
          "[http][web][session]") {
    {
        WebFixture web(Env{{"SESSION_COOKIE_SECURE", "true"}});
        web.addUser("secure@example.com", "pw-secure");
        WebClient browser(web.http());
        CHECK(contains(browser.get("/login").header("set-cookie"), "; Secure"));
        const HttpResult ok = browser.login("secure@example.com", "pw-secure");
        CHECK(contains(ok.header("set-cookie"), "; Secure"));
    }
    WebFixture web;
    web.addUser("proxied@example.com", "pw-proxied");
    WebClient browser(web.http());
    browser.login("nobody@example.com", "x");
    const HttpResult proxied = browser.postLoginForm({{"email", "proxied@example.com"},
                                                      {"password", "pw-proxied"},
                                                      {"csrf_token", browser.loginFormToken()}},
                                                     {{"X-Forwarded-Proto", "https"}});
    REQUIRE(proxied.status == 302);
    CHECK(contains(proxied.header("set-cookie"), "; Secure"));
    CHECK_FALSE(contains(browser.request("GET", "/logout").header("set-cookie"), "Secure"));
}

TEST_CASE("a tampered, forged or expired session cookie is no session: 302 /login",
          "[http][web][session]") {
    using tessera::server::signSessionCookie;
    WebFixture web;
    web.addUser("tamper@example.com", "pw-tamper");
    WebClient browser(web.http());
    REQUIRE(browser.login("tamper@example.com", "pw-tamper").status == 302);
    const std::string good = browser.cookie("session");
    REQUIRE(browser.get("/assets").status == 200);

    const std::string sessionId = good.substr(0, 64);
    const long long farFuture = 4102444800LL;  // 2100-01-01
    std::string flippedSignature = good;
    flippedSignature.back() = flippedSignature.back() == '0' ? '1' : '0';
    std::string otherId = good;
    otherId[0] = otherId[0] == 'a' ? 'b' : 'a';
    const std::vector<std::string> bad = {
        flippedSignature,
        otherId,
        // A later expiry under the old signature.
        sessionId + "." + std::to_string(farFuture) + good.substr(good.rfind('.')),
        // Signed with another secret.
        signSessionCookie(sessionId, farFuture, "not-the-secret"),
        // Signed right, but expired.
        signSessionCookie(sessionId, 1000000000, kSecret),
        // Signed right, but naming no stored session.
        signSessionCookie(std::string(64, 'c'), farFuture, kSecret),
        "garbage",
        "",
    };
    for (const std::string& cookie : bad) {
        INFO(cookie);
        WebClient forger(web.http());
        forger.setCookie("session", cookie);
        const HttpResult page = forger.get("/assets");
        CHECK(page.status == 302);
        CHECK(page.header("location") == "/login");
        CHECK(rejection(forger.request("GET", "/api/v1/teams")) == "401 MISSING_API_KEY");
    }

    // The row expired on the server while the cookie still claims 14 days.
    execSql(web.secured.server(),
            "UPDATE core.web_sessions SET expires_at = now() - interval '1s'");
    CHECK(browser.get("/assets").header("location") == "/login");
}

TEST_CASE("logout ends the session on the server: a copied cookie stops working",
          "[http][web][session]") {
    WebFixture web;
    web.addUser("leaving@example.com", "pw-leaving", "admin");
    WebClient browser(web.http());
    REQUIRE(browser.login("leaving@example.com", "pw-leaving").status == 302);
    WebClient copy(web.http());
    copy.setCookie("session", browser.cookie("session"));
    REQUIRE(copy.get("/").status == 200);
    REQUIRE(copy.request("GET", "/api/v1/teams").status == 200);

    const HttpResult out = browser.get("/logout");
    CHECK(out.status == 302);
    CHECK(out.header("location") == "/login");
    CHECK(out.header("set-cookie") == "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    CHECK(browser.cookie("session").empty());
    CHECK(countRows(web.secured.server(), "SELECT count(*) FROM core.web_sessions") == 0);

    CHECK(copy.get("/").header("location") == "/login");
    CHECK(rejection(copy.request("GET", "/api/v1/teams")) == "401 MISSING_API_KEY");
    // Logging out without a session is a redirect too.
    CHECK(WebClient(web.http()).get("/logout").status == 302);
}

TEST_CASE("a deactivated user's session ends at once", "[http][web][session]") {
    WebFixture web;
    const std::string id = web.addUser("soon-gone@example.com", "pw-gone");
    WebClient browser(web.http());
    REQUIRE(browser.login("soon-gone@example.com", "pw-gone").status == 302);
    REQUIRE(browser.get("/").status == 200);
    REQUIRE(web.http().del("/api/v1/users/" + id, bearer(kBootstrapKey)).status < 300);
    CHECK(browser.get("/").header("location") == "/login");
}

TEST_CASE("session API calls: scopes by role, the acting team, the CSRF token on writes",
          "[http][web][session]") {
    WebFixture web;
    web.addUser("admin@example.com", "pw-admin", "admin");
    web.addUser("lead@example.com", "pw-lead", "team_admin");
    web.addUser("reader@example.com", "pw-reader", "user");
    web.addUser("loner@example.com", "pw-loner", "user", false);
    WebClient admin(web.http()), lead(web.http()), reader(web.http()), loner(web.http());
    REQUIRE(admin.login("admin@example.com", "pw-admin").status == 302);
    REQUIRE(lead.login("lead@example.com", "pw-lead").status == 302);
    REQUIRE(reader.login("reader@example.com", "pw-reader").status == 302);
    REQUIRE(loner.login("loner@example.com", "pw-loner").status == 302);

    const std::string asset = R"({"fqn":"web.session.asset_)" + uniqueSuffix() +
                              R"(","owner_team_id":")" + web.teamId + R"("})";
    // user → read.
    CHECK(reader.api("GET", "/api/v1/teams").status == 200);
    const HttpResult readerWrite = reader.api("POST", "/api/v1/assets", asset);
    CHECK(rejection(readerWrite) == "403 INSUFFICIENT_SCOPE");
    // team_admin → read and write, acting as the user's team.
    CHECK(lead.api("GET", "/api/v1/assets").status == 200);
    const HttpResult created = lead.api("POST", "/api/v1/assets", asset);
    REQUIRE(created.status == 201);
    CHECK(str(created.json(), "owner_team_id") == web.teamId);
    CHECK(rejection(lead.api("GET", "/api/v1/audit/events")) == "403 INSUFFICIENT_SCOPE");
    CHECK(rejection(lead.api("POST", "/api/v1/teams", R"({"name":"by-lead"})")) ==
          "403 INSUFFICIENT_SCOPE");
    // admin → everything, the team-creation gate included.
    CHECK(admin.api("GET", "/api/v1/audit/events").status == 200);
    CHECK(admin.api("POST", "/api/v1/teams", R"({"name":"by-admin-)" + uniqueSuffix() + "\"}")
              .status == 201);
    // A user without a team has a session for pages, not for the API.
    CHECK(loner.get("/").status == 200);
    CHECK(rejection(loner.api("GET", "/api/v1/teams")) == "401 MISSING_API_KEY");

    // Writes by cookie need the page's token: missing, wrong, or another session's → 403.
    const std::string other = R"({"fqn":"web.session.other_)" + uniqueSuffix() +
                              R"(","owner_team_id":")" + web.teamId + R"("})";
    const auto post = [&](WebClient& client, const std::string& token) {
        std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
        if (!token.empty()) headers["X-CSRF-Token"] = token;
        return client.request("POST", "/api/v1/assets", other, headers);
    };
    const HttpResult noToken = post(lead, "");
    CHECK(rejection(noToken) == "403 CSRF_FAILED");
    CHECK(errorMessage(noToken.json()) == "Missing or invalid CSRF token");
    CHECK(rejection(post(lead, std::string(64, '0'))) == "403 CSRF_FAILED");
    CHECK(rejection(post(lead, admin.csrfToken())) == "403 CSRF_FAILED");
    CHECK(rejection(lead.request("DELETE", "/api/v1/assets/" + str(created.json(), "id"))) ==
          "403 CSRF_FAILED");
    CHECK(rejection(admin.request("POST", "/api/v1/teams", R"({"name":"no-token"})",
                                  {{"Content-Type", "application/json"}})) == "403 CSRF_FAILED");
    CHECK(post(lead, lead.csrfToken()).status == 201);
    // Reads need no token.
    CHECK(lead.request("GET", "/api/v1/assets").status == 200);

    // A request with an API-key header is judged by the key alone, cookie or not.
    CHECK(rejection(lead.request("GET", "/api/v1/teams", {}, {{"Authorization", "Bearer nope"}})) ==
          "401 INVALID_API_KEY");
    CHECK(rejection(lead.request("GET", "/api/v1/teams", {}, {{"X-API-Key", "nope"}})) ==
          "401 INVALID_API_KEY");
    const std::string readKey = web.secured.createKey(web.teamId, R"(["read"])");
    CHECK(rejection(lead.request(
              "POST", "/api/v1/assets", other,
              {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + readKey}})) ==
          "403 INSUFFICIENT_SCOPE");
}

TEST_CASE("login attempts are limited per address and per e-mail", "[http][web][session]") {
    WebFixture web({{"RATE_LIMIT_ENABLED", "true"},
                    {"LOGIN_RATE_LIMIT_EMAIL", "3/minute"},
                    {"LOGIN_RATE_LIMIT_ADDRESS", "5/minute"}});
    web.addUser("target@example.com", "pw-target");
    WebClient browser(web.http());
    for (int attempt = 1; attempt <= 3; ++attempt) {
        CHECK(browser.login("target@example.com", "wrong").header("location") ==
              "/login?error=invalid");
    }
    // The fourth attempt for the e-mail is refused, even with the right password.
    const HttpResult refused = browser.login("target@example.com", "pw-target");
    CHECK(refused.status == 429);
    CHECK(std::stoi(refused.header("retry-after")) >= 1);
    CHECK(contains(refused.body, "Too many login attempts"));
    CHECK(browser.cookie("session").empty());
    // Another e-mail from the same address: its fifth attempt overall passes, the sixth not.
    CHECK(browser.login("other@example.com", "x").status == 302);
    CHECK(browser.login("other@example.com", "x").status == 429);
}

TEST_CASE("start-up warns about the development session secret", "[http][web][session]") {
    SecuredServer withDefault;
    CHECK(contains(withDefault.server().log(), "SESSION_SECRET_KEY is the development default"));
    WebFixture withSecret;
    CHECK_FALSE(contains(withSecret.secured.server().log(), "SESSION_SECRET_KEY"));
}
