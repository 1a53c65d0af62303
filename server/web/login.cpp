#include "server/web/login.hpp"

#include <map>

#include "core/error_codes.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "server/middleware/browser_session.hpp"
#include "server/middleware/credentials.hpp"
#include "server/middleware/session_cookie.hpp"
#include "server/web/page_shell.hpp"
#include "store/web_session_repository.hpp"

namespace tessera::server::web {
namespace {

constexpr const char* kLoginCsrfCookie = "login_csrf";
constexpr int64_t kLoginFormLifetimeSeconds = 2 * 3600;

std::string loginFormToken(const Config& config, const std::string& nonce) {
    return hmacSha256Hex(config.sessionSecretKey, "login-csrf|v1|" + nonce);
}

bool isNonce(const std::string& text) {
    if (text.size() != 64) return false;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

// application/x-www-form-urlencoded: the first value of each name.
std::map<std::string, std::string> parseForm(const std::string& body) {
    std::map<std::string, std::string> fields;
    size_t start = 0;
    while (start <= body.size()) {
        size_t end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        const std::string pair = body.substr(start, end - start);
        const size_t equals = pair.find('=');
        if (!pair.empty()) {
            std::string name = percentDecode(pair.substr(0, equals), true);
            std::string value =
                equals == std::string::npos ? "" : percentDecode(pair.substr(equals + 1), true);
            fields.emplace(std::move(name), std::move(value));
        }
        start = end + 1;
    }
    return fields;
}

core::ValidationIssue missingField(const char* name) {
    return core::ValidationIssue{
        "missing", {std::string("body"), std::string(name)}, "Field required", "null", ""};
}

// Counts the attempt against the address and the e-mail; the refusal page when either is
// over its limit. Every attempt counts, successful or not: a guesser gains nothing by
// interleaving a known password.
std::optional<HttpResponse> throttle(RequestContext& context, const std::string& email) {
    App& app = context.app;
    if (!app.config.rateLimitEnabled) return std::nullopt;
    auto decision = app.rateLimiter.hit("login-address|" + context.request.clientIp,
                                        app.rateLimits.loginAddress);
    if (decision.allowed) {
        // No address is longer than 320 characters; a longer "e-mail" must not make the
        // limiter keep megabytes per key.
        decision =
            app.rateLimiter.hit("login-email|" + email.substr(0, 320), app.rateLimits.loginEmail);
    }
    if (decision.allowed) return std::nullopt;
    HttpResponse response = htmlResponse(
        core::status::kTooManyRequests,
        renderMessagePage(
            "Too many login attempts",
            "Try again in " + std::to_string(decision.retryAfterSeconds) + " seconds."));
    response.setHeader("Retry-After", std::to_string(decision.retryAfterSeconds));
    return response;
}

// A hash to verify against when the e-mail names no user with a password, so that answer
// takes as long as a wrong password (login failures do not say whether the e-mail exists).
const std::string& decoyHash() {
    static const std::string hash = hashPassword("tessera-decoy-password");
    return hash;
}

bool passwordMatches(const std::optional<store::LoginCandidate>& candidate,
                     const std::string& password) {
    if (!candidate || !candidate->passwordHash) {
        verifyArgon2id(decoyHash(), password);
        return false;
    }
    return verifyArgon2id(*candidate->passwordHash, password);
}

}  // namespace

HttpResponse getLogin(RequestContext& context) {
    if (findBrowserSession(context.request, context.db, context.config())) return redirectTo("/");
    // One nonce per browser, kept while it is valid, so two open login tabs both work.
    std::string nonce = requestCookie(context.request, kLoginCsrfCookie).value_or("");
    if (!isNonce(nonce)) nonce = randomHex(32);
    HttpResponse response = htmlResponse(
        core::status::kOk, renderLoginPage(loginFormToken(context.config(), nonce),
                                           context.request.queryValue("error").has_value()));
    response.setHeader("Set-Cookie",
                       setCookieValue(kLoginCsrfCookie, nonce,
                                      {"/login", kLoginFormLifetimeSeconds,
                                       wantsSecureCookies(context.request, context.config())}));
    return response;
}

HttpResponse postLogin(RequestContext& context) {
    const auto form = parseForm(context.request.body);
    std::vector<core::ValidationIssue> missing;
    for (const char* name : {"email", "password"}) {
        if (!form.count(name)) missing.push_back(missingField(name));
    }
    if (!missing.empty()) return validationResponse(missing);
    const std::string& email = form.at("email");
    if (auto refused = throttle(context, email)) return *refused;

    const std::string nonce = requestCookie(context.request, kLoginCsrfCookie).value_or("");
    const auto token = form.find("csrf_token");
    if (!isNonce(nonce) || token == form.end() ||
        !constantTimeEquals(token->second, loginFormToken(context.config(), nonce))) {
        return htmlResponse(core::status::kForbidden,
                            renderMessagePage("Login form expired",
                                              "Open the login page again and repeat your login."));
    }

    const auto candidate = store::WebSessionRepository(context.db).findLoginCandidate(email);
    if (!passwordMatches(candidate, form.at("password"))) {
        return redirectTo("/login?error=invalid");
    }
    // The browser's previous session, if it had one, ends here: one login, one session.
    endBrowserSession(context.request, context.db, context.config());
    HttpResponse response = redirectTo("/");
    response.setHeader("Set-Cookie", startBrowserSession(context.request, context.db,
                                                         context.config(), candidate->userId));
    return response;
}

HttpResponse getLogout(RequestContext& context) {
    HttpResponse response = redirectTo("/login");
    response.setHeader("Set-Cookie",
                       endBrowserSession(context.request, context.db, context.config()));
    return response;
}

}  // namespace tessera::server::web
