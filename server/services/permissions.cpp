#include "server/services/permissions.hpp"

#include "core/errors.hpp"
#include "store/user_repository.hpp"

namespace tessera::server::services {

void requireActingTeam(const AuthContext& auth, const std::string& teamId, const char* code,
                       const char* message) {
    if (auth.isAdmin() || auth.teamId == teamId) return;
    throw core::forbidden(code, message);
}

void requireOwnTeamForProposal(const AuthContext& auth, const std::string& teamId,
                               const char* message) {
    if (auth.isAdmin() || auth.teamId == teamId) return;
    throw core::forbidden(core::code::kForbidden, message,
                          R"({"code":"INSUFFICIENT_PERMISSIONS"})");
}

void requireExistingUser(store::DbSession& db, const std::optional<std::string>& userId,
                         const char* message) {
    if (!userId || store::UserRepository(db).exists(*userId)) return;
    throw core::notFound(core::code::kNotFound, message);
}

}  // namespace tessera::server::services
