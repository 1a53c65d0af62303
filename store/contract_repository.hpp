// SQL for contracts (spec 02 §5–§7). Contracts are read whatever the soft-delete state of their
// asset (02 §11 A7). The schema column is `json` (key order kept); guarantees are jsonb.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct ContractRecord {
    std::string id;
    std::string assetId;
    std::string version;
    std::string schemaJson;
    std::string compatibilityMode;
    std::optional<std::string> guaranteesJson;
    std::string status;
    int64_t publishedAt = 0;
    std::string publishedBy;  // a team id
    std::optional<std::string> publishedByUserId;
};

// GET /assets/{id}/contracts item.
struct AssetContractRow {
    ContractRecord contract;
    std::optional<std::string> publishedByTeamName;
    std::optional<std::string> publishedByUserName;
};

// GET /contracts item.
struct ContractListRow {
    ContractRecord contract;
    std::optional<std::string> assetFqn;
};

struct ContractFilter {
    std::optional<std::string> assetId;
    std::optional<std::string> status;
    std::optional<std::string> versionPattern;  // ILIKE pattern (store::containsPattern)
};

struct ContractInsert {
    std::string assetId;
    std::string version;
    std::string schemaJson;
    std::string compatibilityMode;
    std::optional<std::string> guaranteesJson;
    std::string publishedBy;
    std::optional<std::string> publishedByUserId;
};

class ContractRepository {
  public:
    explicit ContractRepository(DbSession& db) : db_(db) {}

    std::optional<ContractRecord> find(const std::string& id);
    // The asset's current contract: the active one with the latest published_at.
    std::optional<ContractRecord> current(const std::string& assetId);
    std::optional<ContractRecord> findByVersion(const std::string& assetId,
                                                const std::string& version);
    // Every contract of the asset, newest published_at first.
    std::vector<ContractRecord> allForAsset(const std::string& assetId);

    // Inserts an active contract, published now (the insert time, so a publish that waited for
    // the asset lock is still ordered after the one it waited for). Throws UniqueViolation
    // (uq_contract_asset_version) when the asset already has that version.
    ContractRecord insert(const ContractInsert& contract);
    void deprecate(const std::string& id);

    PageOf<AssetContractRow> listForAsset(const std::string& assetId, int limit, int64_t offset);
    PageOf<ContractListRow> list(const ContractFilter& filter, int limit, int64_t offset);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
