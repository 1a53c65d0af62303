// Resource-level rules of spec 01 §9.8: the acting team must be the resource's team, unless
// the caller holds `admin` (admin keys, the bootstrap key, AUTH_DISABLED).
#pragma once

#include <string>

#include "core/errors.hpp"
#include "server/http/request_context.hpp"

namespace tessera::server {

inline void requireActingTeam(const AuthContext& auth, const std::string& teamId, const char* code,
                              const char* message) {
    if (auth.isAdmin() || auth.teamId == teamId) return;
    throw core::forbidden(code, message);
}

}  // namespace tessera::server
