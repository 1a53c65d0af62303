// Browser sessions of the web UI (spec 04 §5.1–5.2): the signed `session` cookie
// (server/middleware/session_cookie.hpp) names a row of core.web_sessions; a session is live
// while the signature holds, neither cookie nor row has expired and its user is active. Its CSRF
// token is derived from the session id, so it needs no column and dies with the session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/web_session_repository.hpp"

namespace tessera::server {

struct Config;
struct HttpRequest;

inline constexpr const char* kSessionCookieName = "session";
inline constexpr int64_t kSessionLifetimeSeconds = 14 * 24 * 3600;  // 14 days

struct BrowserSession {
    std::string sessionId;  // the random id of the cookie; only its SHA-256 is stored
    store::SessionUser user;
    std::string csrfToken;  // what state-changing requests of this session must carry
};

std::optional<BrowserSession> findBrowserSession(const HttpRequest& request, store::DbSession& db,
                                                 const Config& config);

// Stores a new session for `userId` and returns the Set-Cookie value that hands it over.
std::string startBrowserSession(const HttpRequest& request, store::DbSession& db,
                                const Config& config, const std::string& userId);

// Deletes the session the request's cookie names, if any (logout), and returns the Set-Cookie
// value that clears the cookie.
std::string endBrowserSession(const HttpRequest& request, store::DbSession& db,
                              const Config& config);

// Cookies carry `Secure` when SESSION_COOKIE_SECURE=true or the request came over TLS (as the
// proxy in front says with X-Forwarded-Proto: https).
bool wantsSecureCookies(const HttpRequest& request, const Config& config);

// Spec 04 §5.2: admin → every scope, team_admin → read and write, user → read.
std::vector<std::string> scopesForRole(const std::string& role);

// POST, PUT, PATCH and DELETE: the requests a session must prove with its CSRF token.
bool isStateChangingMethod(const std::string& method);

}  // namespace tessera::server
