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
    bool metadataCurrent = true;  // its metadata holds the patch asked about (assetsAt)
};

// A key and the metadata members the request would give its asset.
struct AssetLookup {
    AssetKey key;
    std::string patchJson;  // a JSON object
};

// A new lineage edge made by the ingest; mappings: a JSON array, or empty for none.
struct OpenLineageEdgeRow {
    std::string id;
    std::string dependentId;
    std::string dependencyId;
    std::string mappingsJson;
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

    // The stored assets of the keys, each told whether its metadata already holds the patch.
    std::map<AssetKey, StoredAsset> assetsAt(const std::vector<AssetLookup>& lookups);
    // Inserts the rows owned by `teamId` unless their key is taken, and only when that team's
    // row exists; returns the ids inserted. A request creating the same new dataset at the same
    // moment makes this one wait for its commit, then skip the key (to be read again).
    std::vector<std::string> insertMissingAssets(const std::vector<DbtAssetRow>& rows,
                                                 const std::string& teamId);
    // `metadata || patch` for each (asset id, patch object); returns the ids it changed.
    std::vector<std::string> mergeMetadata(
        const std::vector<std::pair<std::string, std::string>>& patches);

    // Creates missing job rows and locks every one for the transaction (two events of one job
    // apply one after the other), in one statement; returns each job's latest COMPLETE
    // eventTime (epoch µs).
    std::map<OpenLineageJobKey, std::optional<int64_t>> lockJobs(
        const std::vector<OpenLineageJobKey>& jobs);

    std::set<JobClaim> claimsOf(const std::vector<OpenLineageJobKey>& jobs);
    // Claims added and dropped and the jobs' latest COMPLETE times set, in one statement.
    void applyClaims(const std::vector<JobClaim>& added, const std::vector<JobClaim>& dropped,
                     const std::map<OpenLineageJobKey, int64_t>& completedAt);
    // Of the pairs, those that some job still claims.
    std::set<AssetPair> claimedPairs(const std::vector<AssetPair>& pairs);
    // Inserts the edges (sync source "openlineage", type transforms) whose pair has none yet,
    // with their mappings and a dependency.created audit event each (actor `actorId`), in one
    // statement; returns the ids inserted.
    std::vector<std::string> insertEdges(const std::vector<OpenLineageEdgeRow>& rows,
                                         const std::string& actorId);
    // Sets core.dependencies.column_mappings of the edge of each (pair, JSON array); returns the
    // dependents of the edges it changed.
    std::vector<std::string> setColumnMappings(
        const std::vector<std::pair<AssetPair, std::string>>& mappings);
    // The stored edges of the pairs, however made.
    std::vector<DbtEdgeRow> edgesBetween(const std::vector<AssetPair>& pairs);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
