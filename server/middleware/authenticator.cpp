#include "server/middleware/authenticator.hpp"

#include <rapidjson/document.h>

#include "core/errors.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "server/http/request_context.hpp"
#include "server/middleware/browser_session.hpp"
#include "server/middleware/credentials.hpp"
#include "store/api_key_repository.hpp"
#include "store/team_repository.hpp"

namespace tessera::server {
namespace {

const std::vector<std::string> kAllScopes = {"read", "write", "admin"};

core::ApiError unauthorized(const char* code, const char* message, bool bearerChallenge) {
    core::ApiError error(core::status::kUnauthorized, code, message);
    if (bearerChallenge) error.withHeader("WWW-Authenticate", "Bearer");
    return error;
}

std::vector<std::string> parseScopes(const std::string& scopesJson) {
    std::vector<std::string> scopes;
    rapidjson::Document document;
    document.Parse(scopesJson.c_str(), scopesJson.size());
    if (document.HasParseError() || !document.IsArray()) return scopes;
    for (const auto& scope : document.GetArray()) {
        if (scope.IsString()) scopes.emplace_back(scope.GetString(), scope.GetStringLength());
    }
    return scopes;
}

}  // namespace

Credential readCredential(const HttpRequest& request) {
    Credential credential;
    const auto authorization = request.header("authorization");
    if (authorization && !authorization->empty()) {
        if (authorization->rfind("Bearer ", 0) == 0) {
            credential.kind = Credential::Kind::Token;
            credential.token = authorization->substr(7);
        } else {
            credential.kind = Credential::Kind::Malformed;
        }
        return credential;
    }
    const auto apiKey = request.header("x-api-key");
    if (apiKey && !apiKey->empty()) {
        credential.kind = Credential::Kind::Token;
        credential.token = *apiKey;
    }
    return credential;
}

void Authenticator::authenticate(RequestContext& context) const {
    const AuthRequirement requirement = context.route->auth;
    if (requirement == AuthRequirement::None) return;
    if (app_.config.authDisabled) {
        actAsFirstTeam(context, false);
        return;
    }
    const Credential credential = readCredential(context.request);
    if (requirement == AuthRequirement::TeamCreationGate) {
        teamCreationGate(context, credential);
        return;
    }
    if (credential.kind == Credential::Kind::None) {
        if (authenticateSession(context)) {
            checkScope(context);
            return;
        }
        throw unauthorized(core::code::kMissingApiKey,
                           "Missing Authorization header. Use 'Authorization: Bearer <api_key>'",
                           true);
    }
    if (credential.kind == Credential::Kind::Malformed) {
        throw unauthorized(core::code::kInvalidAuthHeader,
                           "Invalid format. Use 'Authorization: Bearer <api_key>'", true);
    }
    if (!authenticateToken(context, credential.token)) {
        throw unauthorized(core::code::kInvalidApiKey, "Invalid or expired API key", true);
    }
    checkScope(context);
}

void Authenticator::teamCreationGate(RequestContext& context, const Credential& credential) const {
    if (credential.kind == Credential::Kind::None) {
        if (!authenticateSession(context)) {
            throw unauthorized(core::code::kUnauthorized, "Authorization required", false);
        }
        if (!context.auth.isAdmin()) {
            throw core::forbidden(core::code::kInsufficientScope, "Admin scope required");
        }
        return;
    }
    if (credential.kind == Credential::Kind::Malformed) {
        throw unauthorized(core::code::kUnauthorized, "Use 'Bearer <key>' format", false);
    }
    const std::string& bootstrap = app_.config.bootstrapApiKey;
    if (!bootstrap.empty() && constantTimeEquals(credential.token, bootstrap)) {
        // The first team may not exist yet: that is what the bootstrap key is for.
        actAsFirstTeam(context, false);
        return;
    }
    if (!authenticateToken(context, credential.token)) {
        throw unauthorized(core::code::kInvalidApiKey, "Invalid or expired API key", false);
    }
    if (!context.auth.isAdmin()) {
        throw core::forbidden(core::code::kInsufficientScope, "Admin scope required");
    }
}

bool Authenticator::authenticateToken(RequestContext& context, const std::string& token) const {
    const std::string& bootstrap = app_.config.bootstrapApiKey;
    if (!bootstrap.empty() && constantTimeEquals(token, bootstrap)) {
        actAsFirstTeam(context, true);
        return true;
    }
    const std::string hash = sha256Hex(token);
    const int64_t now = core::currentEpochMicros();
    if (auto cached = app_.credentials.find(hash, now)) {
        context.auth.teamId = std::move(cached->teamId);
        context.auth.apiKeyId = std::move(cached->keyId);
        context.auth.scopes = std::move(cached->scopes);
        return true;
    }
    store::ApiKeyRepository keys(context.db);
    std::optional<store::ActiveKey> key;
    std::optional<store::ActiveKey> found;
    try {
        found = keys.findActiveByHash(hash);
    } catch (const core::ServiceUnavailable&) {
        // Postgres is down. A key this replica verified in the last minutes still identifies
        // its caller; the handler then answers from memory or fails with 503 as it would.
        auto recent = app_.credentials.findVerifiedRecently(hash, now);
        if (!recent) throw;
        context.auth.teamId = std::move(recent->teamId);
        context.auth.apiKeyId = std::move(recent->keyId);
        context.auth.scopes = std::move(recent->scopes);
        context.auth.verifiedDuringOutage = true;
        return true;
    }
    if (found && constantTimeEquals(found->keyHash, hash)) {
        key = std::move(found);
    } else if (token.rfind(kApiKeyPrefix, 0) == 0) {
        // Rows created by other tooling keep Argon2id hashes (spec 01 §9.2); they are found by
        // their display prefix and verified one by one.
        for (auto& candidate : keys.findActiveArgon2ByPrefix(apiKeyDisplayPrefix(token))) {
            if (verifyArgon2id(candidate.keyHash, token)) {
                key = std::move(candidate);
                break;
            }
        }
    }
    if (!key) return false;
    // last_used_at is touched whenever the key is verified against the table, that is at most
    // once per cache lifetime (a few seconds) per replica.
    keys.touchLastUsed(key->id);
    context.auth.teamId = key->teamId;
    context.auth.apiKeyId = key->id;
    context.auth.scopes = parseScopes(key->scopesJson);
    app_.credentials.remember(hash, {key->id, key->teamId, context.auth.scopes, key->expiresAt});
    return true;
}

bool Authenticator::authenticateSession(RequestContext& context) const {
    auto session = findBrowserSession(context.request, context.db, app_.config);
    if (!session || !session->user.teamId) return false;
    if (isStateChangingMethod(context.request.method)) {
        // The cookie rides along with any cross-site form or fetch; the token, read from the
        // page's meta tag, only with the UI's own scripts.
        const std::string sent = context.request.header("x-csrf-token").value_or("");
        if (!constantTimeEquals(sent, session->csrfToken)) {
            throw core::forbidden(core::code::kCsrfFailed, "Missing or invalid CSRF token");
        }
    }
    context.auth.teamId = std::move(*session->user.teamId);
    context.auth.scopes = scopesForRole(session->user.role);
    context.auth.sessionUserId = std::move(session->user.userId);
    return true;
}

void Authenticator::actAsFirstTeam(RequestContext& context, bool requireTeam) const {
    // Once the earliest team exists it stays the first team (teams are only soft-deleted),
    // unless the tables are truncated behind the server's back, which forgets it
    // (server/coherence/).
    if (auto first = app_.credentials.firstTeam()) {
        context.auth.teamId = std::move(*first);
        context.auth.scopes = kAllScopes;
        return;
    }
    store::TeamRepository teams(context.db);
    if (auto first = teams.first()) {
        context.auth.teamId = first->id;
        // Remember it only once it is committed: a team created in a rolled-back transaction
        // must not become "first".
        context.db.afterCommit([&credentials = app_.credentials, id = first->id] {
            credentials.rememberFirstTeam(id);
        });
    } else if (requireTeam) {
        throw core::ApiError(core::status::kServiceUnavailable, core::code::kNoTeams,
                             "No teams exist. Create a team first using the bootstrap key.");
    } else {
        // No team yet: a transient team that is never stored (spec 01 §9.4).
        context.auth.teamId = core::randomUuid();
    }
    context.auth.scopes = kAllScopes;
}

void Authenticator::checkScope(const RequestContext& context) const {
    const AuthRequirement requirement = context.route->auth;
    if (requirement == AuthRequirement::Authenticated) return;
    const std::string scope = scopeName(requirement);
    if (context.auth.hasScope(scope)) return;
    throw core::forbidden(core::code::kInsufficientScope,
                          "This operation requires the '" + scope + "' scope",
                          "{\"required_scope\":\"" + scope + "\"}");
}

}  // namespace tessera::server
