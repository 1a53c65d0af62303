#include "server/middleware/browser_session.hpp"

#include "core/timestamp.hpp"
#include "server/config.hpp"
#include "server/http/http_types.hpp"
#include "server/middleware/credentials.hpp"
#include "server/middleware/session_cookie.hpp"

namespace tessera::server {
namespace {

int64_t nowSeconds() {
    return core::currentEpochMicros() / 1000000;
}

std::string csrfTokenFor(const std::string& sessionId, const Config& config) {
    return hmacSha256Hex(config.sessionSecretKey, "csrf|v1|" + sessionId);
}

}  // namespace

std::optional<BrowserSession> findBrowserSession(const HttpRequest& request, store::DbSession& db,
                                                 const Config& config) {
    const auto cookie = requestCookie(request, kSessionCookieName);
    if (!cookie) return std::nullopt;
    auto signedSession = verifySessionCookie(*cookie, config.sessionSecretKey, nowSeconds());
    if (!signedSession) return std::nullopt;
    auto user = store::WebSessionRepository(db).findLive(sha256Hex(signedSession->sessionId));
    if (!user) return std::nullopt;
    std::string csrf = csrfTokenFor(signedSession->sessionId, config);
    return BrowserSession{std::move(signedSession->sessionId), std::move(*user), std::move(csrf)};
}

std::string startBrowserSession(const HttpRequest& request, store::DbSession& db,
                                const Config& config, const std::string& userId) {
    const std::string sessionId = randomHex(32);
    const int64_t expiresAt = nowSeconds() + kSessionLifetimeSeconds;
    store::WebSessionRepository sessions(db);
    sessions.removeExpired();
    sessions.insert(sha256Hex(sessionId), userId, expiresAt * 1000000);
    return setCookieValue(kSessionCookieName,
                          signSessionCookie(sessionId, expiresAt, config.sessionSecretKey),
                          {"/", kSessionLifetimeSeconds, wantsSecureCookies(request, config)});
}

std::string endBrowserSession(const HttpRequest& request, store::DbSession& db,
                              const Config& config) {
    if (const auto cookie = requestCookie(request, kSessionCookieName)) {
        // An expired cookie still names its row: delete it too (the signature proves the id).
        if (auto signedSession = verifySessionCookie(*cookie, config.sessionSecretKey, 0)) {
            store::WebSessionRepository(db).remove(sha256Hex(signedSession->sessionId));
        }
    }
    return setCookieValue(kSessionCookieName, "", {"/", 0, wantsSecureCookies(request, config)});
}

bool wantsSecureCookies(const HttpRequest& request, const Config& config) {
    if (config.sessionCookieSecure) return true;
    const auto forwarded = request.header("x-forwarded-proto");
    return forwarded && *forwarded == "https";
}

std::vector<std::string> scopesForRole(const std::string& role) {
    if (role == "admin") return {"read", "write", "admin"};
    if (role == "team_admin") return {"read", "write"};
    return {"read"};
}

bool isStateChangingMethod(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace tessera::server
