// SQL for teams (spec 01 §10). Soft-deleted teams are hidden unless a method says otherwise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

class TeamRepository {
  public:
    explicit TeamRepository(DbSession& db) : db_(db) {}

    std::optional<TeamRecord> findActive(const std::string& id);
    std::optional<TeamRecord> findIncludingDeleted(const std::string& id);
    // The earliest created team, deleted ones included (bootstrap key / AUTH_DISABLED context).
    std::optional<TeamRecord> first();

    // Throws UniqueViolation (teams_name_key) when the name is taken, deleted teams included.
    TeamRecord insert(const std::string& name, const std::string& metadataJson);

    PageOf<TeamListRow> list(const std::optional<std::string>& nameContains, int limit, int64_t offset);

    // Partial update; returns nullopt if the team is unknown or deleted.
    std::optional<TeamRecord> update(const std::string& id, const std::optional<std::string>& name,
                                     const std::optional<std::string>& metadataJson);

    long long countActiveAssets(const std::string& id);
    void softDelete(const std::string& id);
    std::optional<TeamRecord> restore(const std::string& id);

    // Moves the source team's non-deleted assets (only `assetIds` when given) to the target;
    // returns the ids moved.
    std::vector<std::string> reassignAssets(
        const std::string& sourceId, const std::string& targetId,
        const std::optional<std::vector<std::string>>& assetIds);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
