// Who may act (spec 01 §9.8): the acting team must be the resource's team unless the caller
// holds `admin` (admin keys, the bootstrap key, AUTH_DISABLED); a user named as the actor must
// exist and be active.
#pragma once

#include <optional>
#include <string>

#include "server/http/request_context.hpp"

namespace tessera::server::services {

// R1–R9: 403 with `code` and `message`.
void requireActingTeam(const AuthContext& auth, const std::string& teamId, const char* code,
                       const char* message);

// R10–R13 (proposals): 403 FORBIDDEN with details {"code": "INSUFFICIENT_PERMISSIONS"}.
void requireOwnTeamForProposal(const AuthContext& auth, const std::string& teamId,
                               const char* message);

// A user id given as an actor (published_by_user_id, acknowledged_by_user_id) must name a
// user, deactivated or not: 404 NOT_FOUND with `message` otherwise. The original stored any id
// (02 §5.1 "not validated") and failed with 500 on an unknown one (its foreign key), which
// accepted a deactivated user's. Nothing to check when `userId` is absent.
void requireExistingUser(store::DbSession& db, const std::optional<std::string>& userId,
                         const char* message);

}  // namespace tessera::server::services
