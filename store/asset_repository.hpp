// SQL for assets (spec 02 §4). "Active" = not soft-deleted; the publishing and contract-read
// paths look assets up including soft-deleted ones (02 §11 A7).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct AssetRecord {
    std::string id;
    std::string fqn;
    std::string ownerTeamId;
    std::optional<std::string> ownerUserId;
    std::string environment;
    std::string guaranteeMode;
    std::string metadataJson;
    int64_t createdAt = 0;
    bool deleted = false;
};

// An asset with the names of its owner team and user (null when the row is missing) and, for
// list items, the version of its current contract.
struct AssetDetail {
    AssetRecord asset;
    std::optional<std::string> ownerTeamName;
    std::optional<std::string> ownerUserName;
    std::optional<std::string> ownerUserEmail;
    std::optional<std::string> activeContractVersion;
};

struct AssetSearchRow {
    std::string id;
    std::string fqn;
    std::string ownerTeamId;
    std::optional<std::string> ownerTeamName;
    std::string environment;
};

// GET /assets filters; text filters are ILIKE patterns (store::containsPattern).
struct AssetFilter {
    std::optional<std::string> ownerTeamId;
    std::optional<std::string> ownerUserId;
    bool unownedOnly = false;
    std::optional<std::string> fqnPattern;
    std::optional<std::string> environment;
};

enum class AssetSort { Fqn, OwnerTeamName, OwnerUserName, CreatedAt };

struct AssetInsert {
    std::string fqn;
    std::string ownerTeamId;
    std::optional<std::string> ownerUserId;
    std::string environment;
    std::string metadataJson;
    std::string guaranteeMode = "notify";
};

// PATCH: absent fields stay unchanged.
struct AssetUpdate {
    std::optional<std::string> fqn;
    std::optional<std::string> ownerTeamId;
    std::optional<std::string> ownerUserId;
    std::optional<std::string> environment;
    std::optional<std::string> metadataJson;
    std::optional<std::string> guaranteeMode;
};

class AssetRepository {
  public:
    explicit AssetRepository(DbSession& db) : db_(db) {}

    std::optional<AssetRecord> findActive(const std::string& id);
    std::optional<AssetRecord> findIncludingDeleted(const std::string& id);
    // Locks the asset row (soft-deleted included) until the transaction ends: publishes of one
    // asset run one at a time, so there is never more than one active contract.
    std::optional<AssetRecord> lockIncludingDeleted(const std::string& id);
    std::optional<AssetDetail> findActiveDetail(const std::string& id);

    // Whether some row holds (fqn, environment): nullopt if none, else whether it is deleted.
    std::optional<bool> holderOfName(const std::string& fqn, const std::string& environment);

    // Throws UniqueViolation (uq_asset_fqn_environment) when the name is taken.
    AssetRecord insert(const AssetInsert& asset);
    // Returns nullopt if the asset is unknown or deleted; UniqueViolation as insert.
    std::optional<AssetRecord> update(const std::string& id, const AssetUpdate& changes);
    void softDelete(const std::string& id);
    std::optional<AssetRecord> restore(const std::string& id);
    // Sets owner_user_id on the active assets among `ids`; returns the ids updated.
    std::vector<std::string> assignOwnerUser(const std::vector<std::string>& ids,
                                             const std::optional<std::string>& ownerUserId);

    PageOf<AssetDetail> list(const AssetFilter& filter, AssetSort sort, bool descending, int limit,
                             int64_t offset);
    PageOf<AssetSearchRow> search(const std::string& fqnPattern,
                                  const std::optional<std::string>& ownerTeamId,
                                  const std::optional<std::string>& environment, int limit,
                                  int64_t offset);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
