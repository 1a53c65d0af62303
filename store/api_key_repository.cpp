#include "store/api_key_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

#define KEY_COLUMNS                                                                             \
    "k.id::text, k.key_prefix, k.name, k.team_id::text, k.scopes::text,"                        \
    " core.epoch_us(k.created_at), core.epoch_us(k.expires_at), core.epoch_us(k.last_used_at)," \
    " core.epoch_us(k.revoked_at)"

#define USABLE                                                                 \
    " k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())" \
    " AND EXISTS (SELECT 1 FROM core.teams t WHERE t.id = k.team_id)"

const Statement kFindActiveByHash{"api_key_find_active_by_hash",
                                  "SELECT k.id::text, k.team_id::text, k.scopes::text, k.key_hash,"
                                  " core.epoch_us(k.expires_at) FROM core.api_keys k"
                                  " WHERE k.key_hash = $1 AND" USABLE};
const Statement kFindArgon2ByPrefix{
    "api_key_find_argon2_by_prefix",
    "SELECT k.id::text, k.team_id::text, k.scopes::text, k.key_hash,"
    " core.epoch_us(k.expires_at) FROM core.api_keys k"
    " WHERE k.key_prefix = $1 AND k.key_hash LIKE '$argon2id$%' AND" USABLE
    " ORDER BY k.created_at"};
// One write per second per key at most: the hot read paths must not turn every authenticated
// GET into a row update, and a second is finer than anyone reads last_used_at.
const Statement kTouch{"api_key_touch",
                       "UPDATE core.api_keys SET last_used_at = now() WHERE id = $1"
                       " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 second')"};
const Statement kInsert{"api_key_insert",
                        "INSERT INTO core.api_keys AS k (key_hash, key_prefix, name, team_id,"
                        " scopes, expires_at) VALUES ($1, $2, $3, $4, $5::jsonb,"
                        " timestamptz 'epoch' + $6::int8 * interval '1 microsecond')"
                        " RETURNING " KEY_COLUMNS};
const Statement kFind{"api_key_find",
                      "SELECT " KEY_COLUMNS " FROM core.api_keys k WHERE k.id = $1"};
const Statement kList{"api_key_list",
                      "SELECT " KEY_COLUMNS
                      " FROM core.api_keys k"
                      " WHERE ($1::uuid IS NULL OR k.team_id = $1)"
                      " AND ($2 OR k.revoked_at IS NULL) ORDER BY k.created_at DESC, k.id"};
const Statement kRevoke{"api_key_revoke",
                        "UPDATE core.api_keys AS k SET revoked_at = coalesce(k.revoked_at, now())"
                        " WHERE k.id = $1 RETURNING " KEY_COLUMNS};

#undef KEY_COLUMNS
#undef USABLE

ApiKeyRecord toRecord(const pqxx::row& row) {
    return ApiKeyRecord{
        row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
        row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<int64_t>(),
        nullableInt64(row[6]),    nullableInt64(row[7]),    nullableInt64(row[8])};
}

ActiveKey toActiveKey(const pqxx::row& row) {
    return ActiveKey{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     row[3].as<std::string>(), nullableInt64(row[4])};
}

}  // namespace

std::optional<ActiveKey> ApiKeyRepository::findActiveByHash(const std::string& keyHash) {
    return optionalRecord(db_.exec(kFindActiveByHash, keyHash), kFindActiveByHash.name,
                          toActiveKey);
}

std::vector<ActiveKey> ApiKeyRepository::findActiveArgon2ByPrefix(const std::string& keyPrefix) {
    std::vector<ActiveKey> keys;
    for (const auto& row : db_.exec(kFindArgon2ByPrefix, keyPrefix))
        keys.push_back(toActiveKey(row));
    return keys;
}

void ApiKeyRepository::touchLastUsed(const std::string& id) {
    db_.exec(kTouch, id);
}

ApiKeyRecord ApiKeyRepository::insert(const std::string& keyHash, const std::string& keyPrefix,
                                      const std::string& name, const std::string& teamId,
                                      const std::string& scopesJson,
                                      std::optional<int64_t> expiresAtMicros) {
    return toRecord(
        onlyRow(db_.exec(kInsert, keyHash, keyPrefix, name, teamId, scopesJson, expiresAtMicros),
                kInsert.name));
}

std::optional<ApiKeyRecord> ApiKeyRepository::find(const std::string& id) {
    return optionalRecord(db_.exec(kFind, id), kFind.name, toRecord);
}

std::vector<ApiKeyRecord> ApiKeyRepository::list(const std::optional<std::string>& teamId,
                                                 bool includeRevoked) {
    std::vector<ApiKeyRecord> keys;
    for (const auto& row : db_.exec(kList, teamId, includeRevoked)) keys.push_back(toRecord(row));
    return keys;
}

std::optional<ApiKeyRecord> ApiKeyRepository::revoke(const std::string& id) {
    return optionalRecord(db_.exec(kRevoke, id), kRevoke.name, toRecord);
}

}  // namespace tessera::store
