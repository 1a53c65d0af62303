// The reads and writes of the OpenLineage ingest (issue 20) that the dbt sync's
// (store/dbt_sync_writes.hpp) do not cover, each one statement for the whole request: assets by
// FQN and environment, metadata merged, and the jobs' claims on lineage edges (migration 006).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/db_session.hpp"
#include "store/dbt_sync_writes.hpp"

namespace tessera::store {

struct AssetKey {
    std::string fqn;
    std::string environment;
    auto operator<=>(const AssetKey&) const = default;
};

struct StoredAsset {
    std::string id;
    bool deleted = false;
};

struct OpenLineageJobKey {
    std::string ns;
    std::string name;
    auto operator<=>(const OpenLineageJobKey&) const = default;
};

// (dependent, dependency): "the dependent's job output reads the dependency".
using AssetPair = std::pair<std::string, std::string>;

struct JobClaim {
    OpenLineageJobKey job = {};
    AssetPair pair = {};
    auto operator<=>(const JobClaim&) const = default;
};

class OpenLineageWrites {
  public:
    explicit OpenLineageWrites(DbSession& db) : db_(db) {}

    // For the rest of the transaction, joins against the catalogue's tables go through their
    // keys' indexes. The statements below join a request's few rows (json_to_recordset, which
    // Postgres always estimates at 100 rows) to tables by key; between a few thousand and a few
    // tens of thousands of rows Postgres then prefers a hash join over a full scan: 3.7 ms
    // instead of 0.02 ms for the assets by FQN at 10,000 assets (benchmarks/README.md). And a
    // bitmap scan would let it answer `fqn = …` from the trigram index of the search (the GIN
    // index's pending list makes that 100 ms to 900 ms after a burst of inserts).
    void joinByKeys();

    std::map<AssetKey, StoredAsset> assetsAt(const std::vector<AssetKey>& keys);
    // Locks these names for the transaction: two requests creating the same new dataset take
    // turns, and the second then finds the first's row (READ COMMITTED reads it once
    // committed) instead of failing on the unique name.
    void lockAssetKeys(const std::vector<AssetKey>& keys);
    // `metadata || patch` for each (asset id, patch object); returns the ids it changed.
    std::vector<std::string> mergeMetadata(
        const std::vector<std::pair<std::string, std::string>>& patches);

    // Creates missing job rows and locks every one for the transaction (two events of one job
    // apply one after the other); returns each job's latest COMPLETE eventTime (epoch µs).
    std::map<OpenLineageJobKey, std::optional<int64_t>> lockJobs(
        const std::vector<OpenLineageJobKey>& jobs);
    void setLatestComplete(const std::map<OpenLineageJobKey, int64_t>& times);

    std::set<JobClaim> claimsOf(const std::vector<OpenLineageJobKey>& jobs);
    void addClaims(const std::vector<JobClaim>& claims);
    void dropClaims(const std::vector<JobClaim>& claims);
    // Of the pairs, those that some job still claims.
    std::set<AssetPair> claimedPairs(const std::vector<AssetPair>& pairs);
    // Sets core.dependencies.column_mappings for each (edge id, JSON array); returns the
    // dependents of the edges it changed.
    std::vector<std::string> setColumnMappings(
        const std::vector<std::pair<std::string, std::string>>& mappings);
    // The stored edges of the pairs, however made.
    std::vector<DbtEdgeRow> edgesBetween(const std::vector<AssetPair>& pairs);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
