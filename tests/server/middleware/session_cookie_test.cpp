#include "server/middleware/session_cookie.hpp"

#include "server/http/http_types.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::server;

namespace {

const std::string kId(64, 'a');

HttpRequest withCookies(const std::string& header) {
    HttpRequest request;
    request.headers["cookie"] = header;
    return request;
}

}  // namespace

TEST_CASE("a signed session cookie verifies only unchanged, in time, under its secret",
          "[session]") {
    const std::string cookie = signSessionCookie(kId, 2000, "secret");
    CHECK(cookie.rfind(kId + ".2000.", 0) == 0);
    CHECK(cookie.size() == 64 + 6 + 64);
    const auto verified = verifySessionCookie(cookie, "secret", 1999);
    REQUIRE(verified);
    CHECK(verified->sessionId == kId);
    CHECK(verified->expiresAtSeconds == 2000);

    CHECK_FALSE(verifySessionCookie(cookie, "secret", 2000));  // expired
    CHECK_FALSE(verifySessionCookie(cookie, "other", 1000));
    std::string flipped = cookie;
    flipped[10] = 'b';
    CHECK_FALSE(verifySessionCookie(flipped, "secret", 1000));
    CHECK_FALSE(verifySessionCookie(kId + ".3000" + cookie.substr(cookie.rfind('.')), "secret", 1));
    for (const std::string& malformed :
         {std::string(), std::string("."), std::string(".."), kId + ".2000", kId + ".x." + kId,
          kId + ".2000." + std::string(63, 'a'), std::string(64, 'G') + cookie.substr(64),
          kId + ".2000 ." + cookie.substr(cookie.rfind('.') + 1)}) {
        INFO(malformed);
        CHECK_FALSE(verifySessionCookie(malformed, "secret", 1));
    }
}

TEST_CASE("cookies are read from the Cookie header by exact name", "[session]") {
    const HttpRequest request = withCookies("a=1; session=abc;  login_csrf = \"q\" ;sessionx=2");
    CHECK(requestCookie(request, "session") == "abc");
    CHECK(requestCookie(request, "login_csrf") == "q");
    CHECK(requestCookie(request, "a") == "1");
    CHECK_FALSE(requestCookie(request, "sess"));
    CHECK_FALSE(requestCookie(HttpRequest{}, "session"));
    CHECK(requestCookie(withCookies("session=first; session=second"), "session") == "first");
}

TEST_CASE("Set-Cookie values carry HttpOnly and SameSite=Lax, Secure on request", "[session]") {
    CHECK(setCookieValue("session", "v", {"/", 1209600, false}) ==
          "session=v; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax");
    CHECK(setCookieValue("login_csrf", "n", {"/login", 60, true}) ==
          "login_csrf=n; Path=/login; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
}
