// SQL of the web UI's sign-in (spec 04 §5.1): the active user an e-mail names, and the browser
// sessions of core.web_sessions, keyed by the SHA-256 of the cookie's session id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/db_session.hpp"

namespace tessera::store {

// What a login checks: an active user by exact e-mail and its stored hash (NULL: no password).
struct LoginCandidate {
    std::string userId;
    std::optional<std::string> passwordHash;
};

// The user behind a live session: active, session not expired.
struct SessionUser {
    std::string userId;
    std::string name;
    std::string email;
    std::string role;                   // admin, team_admin, user
    std::optional<std::string> teamId;  // spec 04 §5.2: API calls need one
};

class WebSessionRepository {
  public:
    explicit WebSessionRepository(DbSession& db) : db_(db) {}

    std::optional<LoginCandidate> findLoginCandidate(const std::string& email);
    void insert(const std::string& tokenHash, const std::string& userId, int64_t expiresAtMicros);
    std::optional<SessionUser> findLive(const std::string& tokenHash);
    void remove(const std::string& tokenHash);
    // Sessions past their expiry: nothing reads them, they only take room.
    void removeExpired();

  private:
    DbSession& db_;
};

}  // namespace tessera::store
