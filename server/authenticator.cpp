#include "server/authenticator.hpp"

#include "core/uuid.hpp"
#include "server/request_context.hpp"
#include "store/team_repository.hpp"

namespace tessera::server {

void Authenticator::authenticate(RequestContext& context) const {
    if (context.route->auth == AuthRequirement::None) return;
    // Until API keys exist every protected route behaves as AUTH_DISABLED=true (spec 01 §9.4):
    // all scopes, acting as the first team.
    authenticateAsFirstTeam(context);
}

void Authenticator::authenticateAsFirstTeam(RequestContext& context) const {
    store::TeamRepository teams(context.db);
    if (auto first = teams.first()) {
        context.auth.teamId = first->id;
    } else {
        // No team yet: a transient team that is never stored (spec 01 §9.4).
        context.auth.teamId = core::randomUuid();
    }
    context.auth.scopes = {"read", "write", "admin"};
}

}  // namespace tessera::server
