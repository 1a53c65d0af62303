#include "store/asset_repository.hpp"

#include <array>

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"
#include "store/sql_text.hpp"

namespace tessera::store {
namespace {

#define ASSET_COLUMNS                                                                  \
    "a.id::text, a.fqn, a.owner_team_id::text, a.owner_user_id::text, a.environment, " \
    "a.guarantee_mode, a.metadata::text, core.epoch_us(a.created_at), a.deleted_at IS NOT NULL"
// Owner names come from the rows whatever their soft-delete state (spec 02 §2.1).
#define OWNER_JOINS                                     \
    " LEFT JOIN core.teams t ON t.id = a.owner_team_id" \
    " LEFT JOIN core.users u ON u.id = a.owner_user_id"
// The current contract: the active one published last (spec 02 §1).
#define ACTIVE_VERSION                                                \
    "(SELECT c.version FROM core.contracts c WHERE c.asset_id = a.id" \
    " AND c.status = 'active' ORDER BY c.published_at DESC, c.id DESC LIMIT 1)"
#define LIST_FILTER                                         \
    " WHERE a.deleted_at IS NULL"                           \
    " AND ($1::uuid IS NULL OR a.owner_team_id = $1::uuid)" \
    " AND ($2::uuid IS NULL OR a.owner_user_id = $2::uuid)" \
    " AND (NOT $3::bool OR a.owner_user_id IS NULL)"        \
    " AND ($4::text IS NULL OR a.fqn ILIKE $4::text)"       \
    " AND ($5::text IS NULL OR a.environment = $5::text)"
#define LIST_SELECT                                                      \
    "SELECT " ASSET_COLUMNS ", t.name, u.name, u.email, " ACTIVE_VERSION \
    " FROM core.assets a" OWNER_JOINS LIST_FILTER " ORDER BY "
#define PAGE " LIMIT $6 OFFSET $7"

const Statement kFindActive{"asset_find_active",
                            "SELECT " ASSET_COLUMNS
                            " FROM core.assets a WHERE a.id = $1 AND a.deleted_at IS NULL"};
const Statement kFindAny{"asset_find_any",
                         "SELECT " ASSET_COLUMNS " FROM core.assets a WHERE a.id = $1"};
const Statement kLockAny{"asset_lock_any",
                         "SELECT " ASSET_COLUMNS " FROM core.assets a WHERE a.id = $1 FOR UPDATE"};
const Statement kFindDetail{"asset_find_detail", "SELECT " ASSET_COLUMNS
                                                 ", t.name, u.name, u.email, NULL"
                                                 " FROM core.assets a" OWNER_JOINS
                                                 " WHERE a.id = $1 AND a.deleted_at IS NULL"};
const Statement kHolderOfName{"asset_holder_of_name",
                              "SELECT deleted_at IS NOT NULL FROM core.assets"
                              " WHERE fqn = $1 AND environment = $2"};
// guarantee_mode is stored (the original dropped it, spec 02 §11 A1; issue 21).
const Statement kInsert{
    "asset_insert",
    "INSERT INTO core.assets AS a"
    " (fqn, owner_team_id, owner_user_id, environment, metadata, guarantee_mode)"
    " VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING " ASSET_COLUMNS};
const Statement kUpdate{"asset_update",
                        "UPDATE core.assets AS a SET fqn = coalesce($2, a.fqn),"
                        " owner_team_id = coalesce($3::uuid, a.owner_team_id),"
                        " owner_user_id = coalesce($4::uuid, a.owner_user_id),"
                        " environment = coalesce($5, a.environment),"
                        " metadata = coalesce($6::jsonb, a.metadata),"
                        " guarantee_mode = coalesce($7, a.guarantee_mode)"
                        " WHERE a.id = $1 AND a.deleted_at IS NULL RETURNING " ASSET_COLUMNS};
const Statement kSoftDelete{"asset_soft_delete",
                            "UPDATE core.assets SET deleted_at = now()"
                            " WHERE id = $1 AND deleted_at IS NULL"};
const Statement kRestore{"asset_restore",
                         "UPDATE core.assets AS a SET deleted_at = NULL WHERE a.id = $1"
                         " RETURNING " ASSET_COLUMNS};
const Statement kAssignOwnerUser{"asset_assign_owner_user",
                                 "UPDATE core.assets SET owner_user_id = $2::uuid"
                                 " WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL"
                                 " RETURNING id::text"};

// One statement per sort key and direction, so each can use its own plan; ties by id.
const std::array<Statement, 8> kList{{
    {"asset_list_fqn_asc", LIST_SELECT "a.fqn, a.id" PAGE},
    {"asset_list_fqn_desc", LIST_SELECT "a.fqn DESC, a.id DESC" PAGE},
    {"asset_list_owner_asc", LIST_SELECT "t.name, a.fqn, a.id" PAGE},
    {"asset_list_owner_desc", LIST_SELECT "t.name DESC, a.fqn DESC, a.id DESC" PAGE},
    {"asset_list_owner_user_asc", LIST_SELECT "u.name, a.fqn, a.id" PAGE},
    {"asset_list_owner_user_desc", LIST_SELECT "u.name DESC, a.fqn DESC, a.id DESC" PAGE},
    {"asset_list_created_asc", LIST_SELECT "a.created_at, a.id" PAGE},
    {"asset_list_created_desc", LIST_SELECT "a.created_at DESC, a.id DESC" PAGE},
}};
const Statement kCount{"asset_count", "SELECT count(*) FROM core.assets a" LIST_FILTER};

#define SEARCH_FILTER                                       \
    " WHERE a.deleted_at IS NULL AND a.fqn ILIKE $1"        \
    " AND ($2::uuid IS NULL OR a.owner_team_id = $2::uuid)" \
    " AND ($3::text IS NULL OR a.environment = $3::text)"
const Statement kSearch{
    "asset_search",
    "SELECT a.id::text, a.fqn, a.owner_team_id::text, t.name, a.environment"
    " FROM core.assets a LEFT JOIN core.teams t ON t.id = a.owner_team_id" SEARCH_FILTER
    " ORDER BY a.fqn, a.id LIMIT $4 OFFSET $5"};
const Statement kSearchCount{"asset_search_count",
                             "SELECT count(*) FROM core.assets a" SEARCH_FILTER};

#undef SEARCH_FILTER
#undef PAGE
#undef LIST_SELECT
#undef LIST_FILTER
#undef ACTIVE_VERSION
#undef OWNER_JOINS
#undef ASSET_COLUMNS

AssetRecord toAsset(const pqxx::row& row) {
    return AssetRecord{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                       nullableText(row[3]),     row[4].as<std::string>(), row[5].as<std::string>(),
                       row[6].as<std::string>(), row[7].as<int64_t>(),     row[8].as<bool>()};
}

// The columns after ASSET_COLUMNS: team name, user name, user email, active version.
AssetDetail toDetail(const pqxx::row& row) {
    return AssetDetail{toAsset(row), nullableText(row[9]), nullableText(row[10]),
                       nullableText(row[11]), nullableText(row[12])};
}

const Statement& listStatement(AssetSort sort, bool descending) {
    return kList[static_cast<size_t>(sort) * 2 + (descending ? 1 : 0)];
}

}  // namespace

std::optional<AssetRecord> AssetRepository::findActive(const std::string& id) {
    return optionalRecord(db_.exec(kFindActive, id), kFindActive.name, toAsset);
}

std::optional<AssetRecord> AssetRepository::findIncludingDeleted(const std::string& id) {
    return optionalRecord(db_.exec(kFindAny, id), kFindAny.name, toAsset);
}

std::optional<AssetRecord> AssetRepository::lockIncludingDeleted(const std::string& id) {
    return optionalRecord(db_.exec(kLockAny, id), kLockAny.name, toAsset);
}

std::optional<AssetDetail> AssetRepository::findActiveDetail(const std::string& id) {
    return optionalRecord(db_.exec(kFindDetail, id), kFindDetail.name, toDetail);
}

std::optional<bool> AssetRepository::holderOfName(const std::string& fqn,
                                                  const std::string& environment) {
    return optionalRecord(db_.exec(kHolderOfName, fqn, environment), kHolderOfName.name,
                          [](const pqxx::row& row) { return row[0].as<bool>(); });
}

AssetRecord AssetRepository::insert(const AssetInsert& asset) {
    return toAsset(onlyRow(db_.exec(kInsert, asset.fqn, asset.ownerTeamId, asset.ownerUserId,
                                    asset.environment, asset.metadataJson, asset.guaranteeMode),
                           kInsert.name));
}

std::optional<AssetRecord> AssetRepository::update(const std::string& id,
                                                   const AssetUpdate& changes) {
    return optionalRecord(
        db_.exec(kUpdate, id, changes.fqn, changes.ownerTeamId, changes.ownerUserId,
                 changes.environment, changes.metadataJson, changes.guaranteeMode),
        kUpdate.name, toAsset);
}

void AssetRepository::softDelete(const std::string& id) {
    db_.exec(kSoftDelete, id);
}

std::optional<AssetRecord> AssetRepository::restore(const std::string& id) {
    return optionalRecord(db_.exec(kRestore, id), kRestore.name, toAsset);
}

std::vector<std::string> AssetRepository::assignOwnerUser(
    const std::vector<std::string>& ids, const std::optional<std::string>& ownerUserId) {
    std::vector<std::string> updated;
    for (const auto& row : db_.exec(kAssignOwnerUser, uuidArrayLiteral(ids), ownerUserId)) {
        updated.push_back(row[0].as<std::string>());
    }
    return updated;
}

PageOf<AssetDetail> AssetRepository::list(const AssetFilter& filter, AssetSort sort,
                                          bool descending, int limit, int64_t offset) {
    PageOf<AssetDetail> page;
    for (const auto& row :
         db_.exec(listStatement(sort, descending), filter.ownerTeamId, filter.ownerUserId,
                  filter.unownedOnly, filter.fqnPattern, filter.environment, limit, offset)) {
        page.rows.push_back(toDetail(row));
    }
    page.total =
        onlyValue<int64_t>(db_.exec(kCount, filter.ownerTeamId, filter.ownerUserId,
                                    filter.unownedOnly, filter.fqnPattern, filter.environment),
                           kCount.name);
    return page;
}

PageOf<AssetSearchRow> AssetRepository::search(const std::string& fqnPattern,
                                               const std::optional<std::string>& ownerTeamId,
                                               const std::optional<std::string>& environment,
                                               int limit, int64_t offset) {
    PageOf<AssetSearchRow> page;
    for (const auto& row : db_.exec(kSearch, fqnPattern, ownerTeamId, environment, limit, offset)) {
        page.rows.push_back(AssetSearchRow{row[0].as<std::string>(), row[1].as<std::string>(),
                                           row[2].as<std::string>(), nullableText(row[3]),
                                           row[4].as<std::string>()});
    }
    page.total = onlyValue<int64_t>(db_.exec(kSearchCount, fqnPattern, ownerTeamId, environment),
                                    kSearchCount.name);
    return page;
}

}  // namespace tessera::store
