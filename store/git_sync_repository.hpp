// The SQL of the git sync (spec 04 §4.2–§4.3), a handful of statements whatever the size of
// the catalogue: push reads every team, asset, contract and registration in four scans; pull
// reads the stored rows its files touch in four lookups and writes each table in one upsert.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/git_sync_files.hpp"
#include "store/db_session.hpp"

namespace tessera::store {

// Everything push exports: soft-deleted teams and assets included, every contract in every
// status with every registration. Teams by name; assets by FQN then age (a later asset with the
// same escaped FQN overwrites an earlier one's file, 04 §4.2 step 4); contracts by publication.
struct SyncExport {
    std::vector<core::SyncTeam> teams;
    std::vector<core::SyncAsset> assets;
};

// Stored rows a pull's files name, by id or by the unique key they would take.
struct StoredSyncRows {
    std::map<std::string, std::string> teamNameById;
    std::map<std::string, std::string> teamIdByName;
    struct Asset {
        std::string id, fqn, environment;
    };
    std::map<std::string, Asset> assetById;
    std::vector<Asset> assetsWithFqns;  // every asset holding one of the files' FQNs
    struct Contract {
        std::string id, assetId, version;
    };
    std::map<std::string, Contract> contractById;
    std::vector<Contract> contractsOfAssets;  // every contract of the files' assets
    std::map<std::string, std::string> registrationContractById;
};

// Ids the upserts inserted or actually changed (an identical row is left alone).
struct SyncWriteResult {
    std::vector<std::string> teamIds;
    std::vector<std::string> assetIds;
    std::vector<std::string> contractIds;
    std::vector<std::string> registrationIds;
};

class GitSyncRepository {
  public:
    explicit GitSyncRepository(DbSession& db) : db_(db) {}

    SyncExport exportAll();

    // `teamIds` includes the teams the files reference (owners, consumers).
    StoredSyncRows storedRows(const std::vector<std::string>& teamIds,
                              const std::vector<std::string>& teamNames,
                              const std::vector<std::string>& assetIds,
                              const std::vector<std::string>& fqns,
                              const std::vector<std::string>& contractIds,
                              const std::vector<std::string>& registrationIds);

    // Upserts by id (04 §4.3): existing rows keep their deletion state, environment, timestamps
    // and parent; new assets get `defaultEnvironment`, new contracts are published by the
    // asset's owner now. Ids must be unique per table.
    SyncWriteResult upsert(const std::vector<core::SyncTeam>& teams,
                           const std::vector<core::SyncAsset>& assets,
                           const std::string& defaultEnvironment);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
