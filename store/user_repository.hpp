// SQL for users (spec 01 §11) and team membership (§10.7). Deactivated users are hidden
// unless a method says otherwise.
#pragma once

#include <optional>
#include <string>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct NewUser {
    std::string email;
    std::string name;
    std::optional<std::string> passwordHash;
    std::string role = "user";
    std::optional<std::string> teamId;
    std::string metadataJson = "{}";
};

struct UserChanges {
    std::optional<std::string> email;
    std::optional<std::string> name;
    std::optional<std::string> teamId;
    std::optional<std::string> passwordHash;
    std::optional<std::string> role;
    std::optional<std::string> notificationPreferencesJson;
    std::optional<std::string> metadataJson;
};

struct UserFilter {
    std::optional<std::string> teamId;
    std::optional<std::string> emailPattern;  // ILIKE pattern
    std::optional<std::string> namePattern;   // ILIKE pattern
    bool includeDeactivated = false;
};

class UserRepository {
  public:
    explicit UserRepository(DbSession& db) : db_(db) {}

    // Throws UniqueViolation (users_email_key) for a taken e-mail, deactivated users included.
    UserRecord insert(const NewUser& user);
    std::optional<UserRecord> findActive(const std::string& id);
    // Deactivated users too.
    bool exists(const std::string& id);
    PageOf<UserRecord> list(const UserFilter& filter, int limit, int64_t offset);
    PageOf<UserRecord> members(const std::string& teamId, int limit, int64_t offset);
    // Only active users; nullopt when unknown or deactivated.
    std::optional<UserRecord> update(const std::string& id, const UserChanges& changes);
    bool deactivate(const std::string& id);
    std::optional<UserRecord> reactivate(const std::string& id);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
