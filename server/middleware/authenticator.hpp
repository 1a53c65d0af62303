// Who is calling (spec 01 §9 with 00-decisions): credentials from `Authorization: Bearer <key>`
// or `X-API-Key: <key>`, the bootstrap key, stored API keys (one indexed lookup on the key's
// SHA-256), AUTH_DISABLED, and, for a request with neither header, the web UI's session cookie
// (spec 04 §5.2; its state-changing requests carry X-CSRF-Token); then the scope check. The
// team-creation gate of §10.1 has its own order and messages.
#pragma once

#include <optional>
#include <string>

#include "server/http/route.hpp"

namespace tessera::server {

class RequestContext;
struct App;
struct HttpRequest;

struct Credential {
    enum class Kind { None, Malformed, Token };
    Kind kind = Kind::None;
    std::string token;
};

// Spec 01 §9.1, extended by 00-decisions: `X-API-Key` is used when `Authorization` is absent.
Credential readCredential(const HttpRequest& request);

class Authenticator {
  public:
    explicit Authenticator(App& app) : app_(app) {}

    // Fills context.auth for routes that need authentication; throws core::ApiError (401, 403,
    // 503) otherwise.
    void authenticate(RequestContext& context) const;

  private:
    void teamCreationGate(RequestContext& context, const Credential& credential) const;
    // Bootstrap key or stored key; false when the token is neither.
    bool authenticateToken(RequestContext& context, const std::string& token) const;
    // The session cookie of a user with a team; false when there is none (the caller's 401).
    // Throws 403 CSRF_FAILED for a state-changing request without the session's token.
    bool authenticateSession(RequestContext& context) const;
    void actAsFirstTeam(RequestContext& context, bool requireTeam) const;
    void checkScope(const RequestContext& context) const;

    App& app_;
};

}  // namespace tessera::server
