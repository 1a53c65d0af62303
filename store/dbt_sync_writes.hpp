// The writes of the dbt sync routes (spec 04 §4.5–§4.6, issue 15), each one statement for the
// whole manifest whatever its size: rows go in as one JSON array (json_to_recordset). The
// original ran several round trips per node.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/db_session.hpp"

namespace tessera::store {

struct DbtAssetRow {
    std::string id;
    std::string fqn;                         // new assets only
    std::optional<std::string> ownerTeamId;  // updates: unchanged when empty
    std::optional<std::string> ownerUserId;  // unchanged when empty
    std::string metadataJson;
    std::optional<std::string> environment = std::nullopt;  // new assets; else production
};

struct DbtContractRow {
    std::string id;
    std::string assetId;
    std::string schemaJson;
    std::string compatibilityMode;
    std::optional<std::string> guaranteesJson;
    std::string publishedBy;
    std::optional<std::string> publishedByUserId;
};

struct DbtProposalRow {
    std::string id;
    std::string assetId;
    std::string proposedSchemaJson;
    std::optional<std::string> proposedGuaranteesJson;
    std::string changeType;
    std::string breakingChangesJson;
    std::string proposedBy;
    std::optional<std::string> proposedByUserId;
};

struct DbtEdgeRow {
    std::string id;
    std::string dependentId;
    std::string dependencyId;
    std::optional<std::string> syncSource;  // null: made by hand
};

class DbtSyncWrites {
  public:
    explicit DbtSyncWrites(DbSession& db) : db_(db) {}

    // Lower-cased team names → the oldest non-deleted team of that name.
    std::map<std::string, std::string> teamIdsByName(const std::vector<std::string>& lowerNames);
    // Lower-cased e-mails → the active user.
    std::map<std::string, std::string> userIdsByEmail(const std::vector<std::string>& lowerEmails);
    // (contract id, consumer team id) of every registration on the contracts.
    std::set<std::pair<std::string, std::string>> registrationPairs(
        const std::vector<std::string>& contractIds);
    // Edges whose dependent is one of the assets, and every edge `syncSource` created.
    std::vector<DbtEdgeRow> edgesOf(const std::vector<std::string>& dependentIds,
                                    const std::string& syncSource);

    void insertAssets(const std::vector<DbtAssetRow>& rows);
    void updateAssets(const std::vector<DbtAssetRow>& rows);
    void insertContracts(const std::vector<DbtContractRow>& rows);  // 1.0.0, active
    // (id, contract id, consumer team id), active, not pinned.
    void insertRegistrations(const std::vector<std::vector<std::string>>& rows);
    void insertProposals(const std::vector<DbtProposalRow>& rows);  // pending
    // Type `transforms`; a pair that exists by then is left alone. Returns the ids inserted.
    std::vector<std::string> insertEdges(const std::vector<DbtEdgeRow>& rows);
    void deleteEdges(const std::vector<std::string>& ids);
    // One audit event per (entity id, payload), all of one type and action.
    void recordEvents(const std::string& entityType, const std::string& action,
                      const std::optional<std::string>& actorId,
                      const std::vector<std::pair<std::string, std::string>>& events);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
