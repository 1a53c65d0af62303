#include "store/web_session_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

const Statement kFindLoginCandidate{"web_login_candidate",
                                    "SELECT id::text, password_hash FROM core.users"
                                    " WHERE email = $1 AND deactivated_at IS NULL"};
const Statement kInsert{
    "web_session_insert",
    "INSERT INTO core.web_sessions (token_hash, user_id, expires_at)"
    " VALUES ($1, $2, timestamptz 'epoch' + $3::int8 * interval '1 microsecond')"};
const Statement kFindLive{"web_session_find_live",
                          "SELECT u.id::text, u.name, u.email, u.role, u.team_id::text"
                          " FROM core.web_sessions s JOIN core.users u ON u.id = s.user_id"
                          " WHERE s.token_hash = $1 AND s.expires_at > now()"
                          " AND u.deactivated_at IS NULL"};
const Statement kRemove{"web_session_remove",
                        "DELETE FROM core.web_sessions WHERE token_hash = $1"};
const Statement kRemoveExpired{"web_session_remove_expired",
                               "DELETE FROM core.web_sessions WHERE expires_at <= now()"};

}  // namespace

std::optional<LoginCandidate> WebSessionRepository::findLoginCandidate(const std::string& email) {
    return optionalRecord(db_.exec(kFindLoginCandidate, email), kFindLoginCandidate.name,
                          [](const pqxx::row& row) {
                              return LoginCandidate{row[0].as<std::string>(), nullableText(row[1])};
                          });
}

void WebSessionRepository::insert(const std::string& tokenHash, const std::string& userId,
                                  int64_t expiresAtMicros) {
    db_.exec(kInsert, tokenHash, userId, expiresAtMicros);
}

std::optional<SessionUser> WebSessionRepository::findLive(const std::string& tokenHash) {
    return optionalRecord(db_.exec(kFindLive, tokenHash), kFindLive.name, [](const pqxx::row& row) {
        return SessionUser{row[0].as<std::string>(), row[1].as<std::string>(),
                           row[2].as<std::string>(), row[3].as<std::string>(),
                           nullableText(row[4])};
    });
}

void WebSessionRepository::remove(const std::string& tokenHash) {
    db_.exec(kRemove, tokenHash);
}

void WebSessionRepository::removeExpired() {
    db_.exec(kRemoveExpired);
}

}  // namespace tessera::store
