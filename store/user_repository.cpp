#include "store/user_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

#define USER_COLUMNS                                                          \
    "u.id::text, u.email, u.name, u.role, u.team_id::text, u.metadata::text," \
    " u.notification_preferences::text, core.epoch_us(u.created_at),"         \
    " core.epoch_us(u.deactivated_at),"                                       \
    " (SELECT t.name FROM core.teams t WHERE t.id = u.team_id),"              \
    " (SELECT count(*) FROM core.assets a WHERE a.owner_user_id = u.id AND a.deleted_at IS NULL)"

const Statement kInsert{
    "user_insert",
    "INSERT INTO core.users AS u (email, name, password_hash, role, team_id,"
    " metadata) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING " USER_COLUMNS};
const Statement kFindActive{"user_find_active",
                            "SELECT " USER_COLUMNS
                            " FROM core.users u WHERE u.id = $1 AND u.deactivated_at IS NULL"};
const Statement kExists{"user_exists",
                        "SELECT EXISTS (SELECT 1 FROM core.users u WHERE u.id = $1)"};
#define USER_FILTER                                                                          \
    " WHERE ($1::uuid IS NULL OR u.team_id = $1) AND ($2::text IS NULL OR u.email ILIKE $2)" \
    " AND ($3::text IS NULL OR u.name ILIKE $3) AND ($4 OR u.deactivated_at IS NULL)"
const Statement kList{"user_list", "SELECT " USER_COLUMNS " FROM core.users u" USER_FILTER
                                   " ORDER BY u.name, u.id LIMIT $5 OFFSET $6"};
const Statement kCount{"user_count", "SELECT count(*) FROM core.users u" USER_FILTER};
const Statement kMembers{"user_members",
                         "SELECT " USER_COLUMNS
                         " FROM core.users u WHERE u.team_id = $1"
                         " AND u.deactivated_at IS NULL ORDER BY u.name, u.id LIMIT $2 OFFSET $3"};
const Statement kMembersCount{"user_members_count",
                              "SELECT count(*) FROM core.users u WHERE u.team_id = $1"
                              " AND u.deactivated_at IS NULL"};
const Statement kUpdate{
    "user_update",
    "UPDATE core.users AS u SET email = coalesce($2, u.email),"
    " name = coalesce($3, u.name), team_id = coalesce($4::uuid, u.team_id),"
    " password_hash = coalesce($5, u.password_hash),"
    " role = coalesce($6, u.role),"
    " notification_preferences = coalesce($7::jsonb, u.notification_preferences),"
    " metadata = coalesce($8::jsonb, u.metadata)"
    " WHERE u.id = $1 AND u.deactivated_at IS NULL RETURNING " USER_COLUMNS};
const Statement kDeactivate{"user_deactivate",
                            "UPDATE core.users SET deactivated_at = now()"
                            " WHERE id = $1 AND deactivated_at IS NULL"};
const Statement kReactivate{"user_reactivate",
                            "UPDATE core.users AS u SET deactivated_at = NULL WHERE u.id = $1"
                            " RETURNING " USER_COLUMNS};

#undef USER_COLUMNS
#undef USER_FILTER

UserRecord toUser(const pqxx::row& row) {
    UserRecord user;
    user.id = row[0].as<std::string>();
    user.email = row[1].as<std::string>();
    user.name = row[2].as<std::string>();
    user.role = row[3].as<std::string>();
    user.teamId = nullableText(row[4]);
    user.metadataJson = row[5].as<std::string>();
    user.notificationPreferencesJson = row[6].as<std::string>();
    user.createdAt = row[7].as<int64_t>();
    user.deactivatedAt = nullableInt64(row[8]);
    user.teamName = nullableText(row[9]);
    user.assetCount = row[10].as<int64_t>();
    return user;
}

}  // namespace

UserRecord UserRepository::insert(const NewUser& user) {
    return toUser(onlyRow(db_.exec(kInsert, user.email, user.name, user.passwordHash, user.role,
                                   user.teamId, user.metadataJson),
                          kInsert.name));
}

std::optional<UserRecord> UserRepository::findActive(const std::string& id) {
    return optionalRecord(db_.exec(kFindActive, id), kFindActive.name, toUser);
}

bool UserRepository::exists(const std::string& id) {
    return onlyValue<bool>(db_.exec(kExists, id), kExists.name);
}

PageOf<UserRecord> UserRepository::list(const UserFilter& filter, int limit, int64_t offset) {
    PageOf<UserRecord> page;
    for (const auto& row : db_.exec(kList, filter.teamId, filter.emailPattern, filter.namePattern,
                                    filter.includeDeactivated, limit, offset)) {
        page.rows.push_back(toUser(row));
    }
    page.total = onlyValue<int64_t>(db_.exec(kCount, filter.teamId, filter.emailPattern,
                                             filter.namePattern, filter.includeDeactivated),
                                    kCount.name);
    return page;
}

PageOf<UserRecord> UserRepository::members(const std::string& teamId, int limit, int64_t offset) {
    PageOf<UserRecord> page;
    for (const auto& row : db_.exec(kMembers, teamId, limit, offset))
        page.rows.push_back(toUser(row));
    page.total = onlyValue<int64_t>(db_.exec(kMembersCount, teamId), kMembersCount.name);
    return page;
}

std::optional<UserRecord> UserRepository::update(const std::string& id, const UserChanges& c) {
    return optionalRecord(db_.exec(kUpdate, id, c.email, c.name, c.teamId, c.passwordHash, c.role,
                                   c.notificationPreferencesJson, c.metadataJson),
                          kUpdate.name, toUser);
}

bool UserRepository::deactivate(const std::string& id) {
    return db_.exec(kDeactivate, id).affected_rows() == 1;
}

std::optional<UserRecord> UserRepository::reactivate(const std::string& id) {
    return optionalRecord(db_.exec(kReactivate, id), kReactivate.name, toUser);
}

}  // namespace tessera::store
