// SQL for dependency edges and one-level lineage (spec 02 §9.1–9.4). "X depends on Y" is the
// row (dependent_asset_id = X, dependency_asset_id = Y): X is downstream of Y.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct DependencyRecord {
    std::string id;
    std::string dependentAssetId;
    std::string dependencyAssetId;
    std::string dependencyType;
    int64_t createdAt = 0;
    std::optional<std::string> columnMappingsJson = std::nullopt;  // issue 20; null: none
};

// A neighbouring asset in lineage, with its owner team's name.
struct LineageAsset {
    std::string assetId;
    std::string fqn;
    std::string dependencyType;
    std::string ownerTeamName;
};

// A registration on any contract of an asset, with its consumer team's name.
struct LineageRegistration {
    std::string teamId;
    std::string teamName;
    std::string contractId;
    std::string status;
    std::optional<std::string> pinnedVersion;
};

class DependencyRepository {
  public:
    explicit DependencyRepository(DbSession& db) : db_(db) {}

    bool pairExists(const std::string& dependentId, const std::string& dependencyId);
    // Throws UniqueViolation (uq_dependency_pair) when the pair exists.
    DependencyRecord insert(const std::string& dependentId, const std::string& dependencyId,
                            const std::string& type,
                            const std::optional<std::string>& columnMappings = std::nullopt);
    PageOf<DependencyRecord> upstreamOf(const std::string& assetId, int limit, int64_t offset);
    std::optional<DependencyRecord> find(const std::string& id, const std::string& dependentId);
    void remove(const std::string& id);

    std::vector<LineageAsset> upstreamAssets(const std::string& assetId);
    std::vector<LineageAsset> downstreamAssets(const std::string& assetId);
    std::vector<LineageRegistration> registrationsOnAnyContract(const std::string& assetId);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
