#include "store/team_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/result_rows.hpp"
#include "store/sql_text.hpp"

namespace tessera::store {
namespace {

#define TEAM_COLUMNS "t.id::text, t.name, t.metadata::text, core.epoch_us(t.created_at)"

const Statement kFindActive{"team_find_active",
                            "SELECT " TEAM_COLUMNS
                            " FROM core.teams t WHERE t.id = $1 AND t.deleted_at IS NULL"};
const Statement kFindAny{"team_find_any",
                         "SELECT " TEAM_COLUMNS " FROM core.teams t WHERE t.id = $1"};
const Statement kFirst{
    "team_first", "SELECT " TEAM_COLUMNS " FROM core.teams t ORDER BY t.created_at, t.id LIMIT 1"};
const Statement kInsert{"team_insert",
                        "INSERT INTO core.teams AS t (name, metadata) VALUES ($1, $2::jsonb) "
                        "RETURNING " TEAM_COLUMNS};
const Statement kList{
    "team_list",
    "SELECT " TEAM_COLUMNS
    ", (SELECT count(*) FROM core.assets a WHERE a.owner_team_id = t.id AND a.deleted_at IS NULL)"
    " FROM core.teams t WHERE t.deleted_at IS NULL AND ($1::text IS NULL OR t.name ILIKE $1)"
    " ORDER BY t.name, t.id LIMIT $2 OFFSET $3"};
const Statement kCount{"team_count",
                       "SELECT count(*) FROM core.teams t WHERE t.deleted_at IS NULL"
                       " AND ($1::text IS NULL OR t.name ILIKE $1)"};
const Statement kUpdate{"team_update",
                        "UPDATE core.teams AS t SET name = coalesce($2, t.name),"
                        " metadata = coalesce($3::jsonb, t.metadata)"
                        " WHERE t.id = $1 AND t.deleted_at IS NULL RETURNING " TEAM_COLUMNS};
const Statement kCountAssets{"team_count_assets",
                             "SELECT count(*) FROM core.assets"
                             " WHERE owner_team_id = $1 AND deleted_at IS NULL"};
const Statement kSoftDelete{"team_soft_delete",
                            "UPDATE core.teams SET deleted_at = now()"
                            " WHERE id = $1 AND deleted_at IS NULL"};
const Statement kRestore{"team_restore",
                         "UPDATE core.teams AS t SET deleted_at = NULL WHERE t.id = $1"
                         " RETURNING " TEAM_COLUMNS};

const Statement kReassign{"team_reassign_assets",
                          "UPDATE core.assets SET owner_team_id = $2 WHERE owner_team_id = $1"
                          " AND deleted_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))"
                          " RETURNING id::text"};

#undef TEAM_COLUMNS

TeamRecord toTeam(const pqxx::row& row) {
    return TeamRecord{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      row[3].as<int64_t>()};
}

}  // namespace

std::optional<TeamRecord> TeamRepository::findActive(const std::string& id) {
    return optionalRecord(db_.exec(kFindActive, id), kFindActive.name, toTeam);
}

std::optional<TeamRecord> TeamRepository::findIncludingDeleted(const std::string& id) {
    return optionalRecord(db_.exec(kFindAny, id), kFindAny.name, toTeam);
}

std::optional<TeamRecord> TeamRepository::first() {
    const auto oldest = firstRow(db_.exec(kFirst));
    if (!oldest) return std::nullopt;
    return toTeam(*oldest);
}

TeamRecord TeamRepository::insert(const std::string& name, const std::string& metadataJson) {
    return toTeam(onlyRow(db_.exec(kInsert, name, metadataJson), kInsert.name));
}

PageOf<TeamListRow> TeamRepository::list(const std::optional<std::string>& nameContains, int limit,
                                         int64_t offset) {
    PageOf<TeamListRow> page;
    for (const auto& row : db_.exec(kList, nameContains, limit, offset)) {
        page.rows.push_back(TeamListRow{toTeam(row), row[4].as<int64_t>()});
    }
    page.total = onlyValue<int64_t>(db_.exec(kCount, nameContains), kCount.name);
    return page;
}

std::optional<TeamRecord> TeamRepository::update(const std::string& id,
                                                 const std::optional<std::string>& name,
                                                 const std::optional<std::string>& metadataJson) {
    return optionalRecord(db_.exec(kUpdate, id, name, metadataJson), kUpdate.name, toTeam);
}

long long TeamRepository::countActiveAssets(const std::string& id) {
    return onlyValue<long long>(db_.exec(kCountAssets, id), kCountAssets.name);
}

void TeamRepository::softDelete(const std::string& id) {
    db_.exec(kSoftDelete, id);
}

std::optional<TeamRecord> TeamRepository::restore(const std::string& id) {
    return optionalRecord(db_.exec(kRestore, id), kRestore.name, toTeam);
}

std::vector<std::string> TeamRepository::reassignAssets(
    const std::string& sourceId, const std::string& targetId,
    const std::optional<std::vector<std::string>>& assetIds) {
    std::optional<std::string> idArray;
    if (assetIds) idArray = uuidArrayLiteral(*assetIds);
    std::vector<std::string> moved;
    for (const auto& row : db_.exec(kReassign, sourceId, targetId, idArray)) {
        moved.push_back(row[0].as<std::string>());
    }
    return moved;
}

}  // namespace tessera::store
