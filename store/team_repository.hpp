// SQL for teams (spec 01 §10). Soft-deleted teams are hidden unless a method says otherwise.
#pragma once

#include <optional>
#include <string>

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

    PageOf<TeamListRow> list(const std::optional<std::string>& nameContains, int limit, int offset);

    // Partial update; returns nullopt if the team is unknown or deleted.
    std::optional<TeamRecord> update(const std::string& id, const std::optional<std::string>& name,
                                     const std::optional<std::string>& metadataJson);

    long long countActiveAssets(const std::string& id);
    void softDelete(const std::string& id);
    std::optional<TeamRecord> restore(const std::string& id);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
