// SQL for API keys (spec 01 §9.2, §12). Keys are stored as the SHA-256 of the raw key, so
// verification is one lookup on a unique index.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"

namespace tessera::store {

struct ApiKeyRecord {
    std::string id;
    std::string keyPrefix;
    std::string name;
    std::string teamId;
    std::string scopesJson;  // JSON array as stored
    int64_t createdAt = 0;
    std::optional<int64_t> expiresAt;
    std::optional<int64_t> lastUsedAt;
    std::optional<int64_t> revokedAt;
};

// What authentication needs from a usable key.
struct ActiveKey {
    std::string id;
    std::string teamId;
    std::string scopesJson;
    std::string keyHash;
    std::optional<int64_t> expiresAt;
};

class ApiKeyRepository {
  public:
    explicit ApiKeyRepository(DbSession& db) : db_(db) {}

    // Not revoked, not expired, and its team row exists (deleted teams count).
    std::optional<ActiveKey> findActiveByHash(const std::string& keyHash);
    // Rows written by other tooling may hold Argon2id PHC strings; found by display prefix.
    std::vector<ActiveKey> findActiveArgon2ByPrefix(const std::string& keyPrefix);
    void touchLastUsed(const std::string& id);

    ApiKeyRecord insert(const std::string& keyHash, const std::string& keyPrefix,
                        const std::string& name, const std::string& teamId,
                        const std::string& scopesJson, std::optional<int64_t> expiresAtMicros);
    std::optional<ApiKeyRecord> find(const std::string& id);
    std::vector<ApiKeyRecord> list(const std::optional<std::string>& teamId, bool includeRevoked);
    // Sets revoked_at unless already set; returns the row (nullopt when unknown).
    std::optional<ApiKeyRecord> revoke(const std::string& id);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
