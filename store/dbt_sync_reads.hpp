// The reads the dbt sync previews need (spec 04 §4.7–§4.8), each one statement for the whole
// manifest: the original ran one round trip per node.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/db_session.hpp"

namespace tessera::store {

// The asset a manifest FQN names and its current contract, if any.
struct DbtTarget {
    std::string assetId;
    std::optional<std::string> contractId;
    std::optional<std::string> contractSchemaJson;
    std::optional<std::string> contractCompatibilityMode;
    bool deleted = false;  // soft-deleted
};

class DbtSyncReads {
  public:
    explicit DbtSyncReads(DbSession& db) : db_(db) {}

    // By exact FQN, any environment; `includeDeleted` also soft-deleted assets. Where several
    // assets share an FQN (environments): 409 DUPLICATE_ASSET naming the FQNs.
    std::map<std::string, DbtTarget> targets(const std::vector<std::string>& fqns,
                                             bool includeDeleted);
    // Non-deleted assets a dbt sync created (metadata dbt_node_id / dbt_source_id) whose FQN is
    // not among `fqns`, by FQN.
    std::vector<std::string> dbtAssetsMissingFrom(const std::vector<std::string>& fqns);
    // Which of the lower-cased names are non-deleted teams (names compare case-insensitively).
    std::set<std::string> activeTeamNames(const std::vector<std::string>& lowerNames);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
