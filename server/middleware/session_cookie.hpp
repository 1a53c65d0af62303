// The web UI's cookies as text (spec 04 §5.1): reading one out of a request's Cookie header,
// writing a Set-Cookie value, and the signed `session` cookie, `<session id>.<expiry>.<HMAC>`:
// a random id, the expiry in Unix seconds and the HMAC-SHA256 of both under
// SESSION_SECRET_KEY. The signature stops forged and altered cookies before any database read;
// the id names a row of core.web_sessions (server/middleware/browser_session.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::server {

struct HttpRequest;

// The value of cookie `name` in the request's Cookie header (the first one), if any.
std::optional<std::string> requestCookie(const HttpRequest& request, std::string_view name);

struct CookieAttributes {
    std::string path = "/";
    int64_t maxAgeSeconds = 0;  // 0 with an empty value: delete the cookie
    bool secure = false;
};

// `name=value; Path=…; Max-Age=…; HttpOnly; SameSite=Lax[; Secure]`. Every cookie of the web UI
// is HttpOnly and SameSite=Lax.
std::string setCookieValue(std::string_view name, std::string_view value,
                           const CookieAttributes& attributes);

std::string signSessionCookie(std::string_view sessionId, int64_t expiresAtSeconds,
                              std::string_view secret);

struct SignedSession {
    std::string sessionId;
    int64_t expiresAtSeconds = 0;
};

// The session id of a well-formed cookie whose signature matches and whose expiry is after
// `nowSeconds`; nothing otherwise.
std::optional<SignedSession> verifySessionCookie(std::string_view cookie, std::string_view secret,
                                                 int64_t nowSeconds);

}  // namespace tessera::server
