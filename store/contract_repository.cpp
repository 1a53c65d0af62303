#include "store/contract_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

#define CONTRACT_COLUMNS                                                                  \
    "c.id::text, c.asset_id::text, c.version, c.schema::text, c.compatibility_mode, "     \
    "c.guarantees::text, c.status, core.epoch_us(c.published_at), c.published_by::text, " \
    "c.published_by_user_id::text"
#define NEWEST_FIRST " ORDER BY c.published_at DESC, c.id DESC"
#define LIST_FILTER                                      \
    " WHERE ($1::uuid IS NULL OR c.asset_id = $1::uuid)" \
    " AND ($2::text IS NULL OR c.status = $2::text)"     \
    " AND ($3::text IS NULL OR c.version ILIKE $3::text)"

const Statement kFind{"contract_find",
                      "SELECT " CONTRACT_COLUMNS " FROM core.contracts c WHERE c.id = $1"};
const Statement kCurrent{"contract_current", "SELECT " CONTRACT_COLUMNS
                                             " FROM core.contracts c WHERE c.asset_id = $1"
                                             " AND c.status = 'active'" NEWEST_FIRST " LIMIT 1"};
const Statement kFindByVersion{"contract_find_by_version",
                               "SELECT " CONTRACT_COLUMNS
                               " FROM core.contracts c"
                               " WHERE c.asset_id = $1 AND c.version = $2"};
const Statement kAllForAsset{"contract_all_for_asset", "SELECT " CONTRACT_COLUMNS
                                                       " FROM core.contracts c"
                                                       " WHERE c.asset_id = $1" NEWEST_FIRST};
const Statement kInsert{
    "contract_insert",
    "INSERT INTO core.contracts AS c (asset_id, version, schema, compatibility_mode, guarantees,"
    " published_at, published_by, published_by_user_id)"
    " VALUES ($1, $2, $3::json, $4, $5::jsonb, clock_timestamp(), $6, $7)"
    " RETURNING " CONTRACT_COLUMNS};
const Statement kDeprecate{"contract_deprecate",
                           "UPDATE core.contracts SET status = 'deprecated' WHERE id = $1"};
const Statement kListForAsset{"contract_list_for_asset",
                              "SELECT " CONTRACT_COLUMNS
                              ", t.name, u.name FROM core.contracts c"
                              " LEFT JOIN core.teams t ON t.id = c.published_by"
                              " LEFT JOIN core.users u ON u.id = c.published_by_user_id"
                              " WHERE c.asset_id = $1" NEWEST_FIRST " LIMIT $2 OFFSET $3"};
const Statement kCountForAsset{"contract_count_for_asset",
                               "SELECT count(*) FROM core.contracts WHERE asset_id = $1"};
const Statement kList{"contract_list",
                      "SELECT " CONTRACT_COLUMNS
                      ", a.fqn FROM core.contracts c"
                      " LEFT JOIN core.assets a ON a.id = c.asset_id" LIST_FILTER NEWEST_FIRST
                      " LIMIT $4 OFFSET $5"};
const Statement kCount{"contract_count", "SELECT count(*) FROM core.contracts c" LIST_FILTER};

#undef LIST_FILTER
#undef NEWEST_FIRST
#undef CONTRACT_COLUMNS

ContractRecord toContract(const pqxx::row& row) {
    return ContractRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                          row[2].as<std::string>(), row[3].as<std::string>(),
                          row[4].as<std::string>(), nullableText(row[5]),
                          row[6].as<std::string>(), row[7].as<int64_t>(),
                          row[8].as<std::string>(), nullableText(row[9])};
}

}  // namespace

std::optional<ContractRecord> ContractRepository::find(const std::string& id) {
    return optionalRecord(db_.exec(kFind, id), kFind.name, toContract);
}

std::optional<ContractRecord> ContractRepository::current(const std::string& assetId) {
    const auto newest = firstRow(db_.exec(kCurrent, assetId));
    if (!newest) return std::nullopt;
    return toContract(*newest);
}

std::optional<ContractRecord> ContractRepository::findByVersion(const std::string& assetId,
                                                                const std::string& version) {
    return optionalRecord(db_.exec(kFindByVersion, assetId, version), kFindByVersion.name,
                          toContract);
}

std::vector<ContractRecord> ContractRepository::allForAsset(const std::string& assetId) {
    std::vector<ContractRecord> contracts;
    for (const auto& row : db_.exec(kAllForAsset, assetId)) contracts.push_back(toContract(row));
    return contracts;
}

ContractRecord ContractRepository::insert(const ContractInsert& contract) {
    return toContract(
        onlyRow(db_.exec(kInsert, contract.assetId, contract.version, contract.schemaJson,
                         contract.compatibilityMode, contract.guaranteesJson, contract.publishedBy,
                         contract.publishedByUserId),
                kInsert.name));
}

void ContractRepository::deprecate(const std::string& id) {
    db_.exec(kDeprecate, id);
}

PageOf<AssetContractRow> ContractRepository::listForAsset(const std::string& assetId, int limit,
                                                          int64_t offset) {
    PageOf<AssetContractRow> page;
    for (const auto& row : db_.exec(kListForAsset, assetId, limit, offset)) {
        page.rows.push_back(
            AssetContractRow{toContract(row), nullableText(row[10]), nullableText(row[11])});
    }
    page.total = onlyValue<int64_t>(db_.exec(kCountForAsset, assetId), kCountForAsset.name);
    return page;
}

PageOf<ContractListRow> ContractRepository::list(const ContractFilter& filter, int limit,
                                                 int64_t offset) {
    PageOf<ContractListRow> page;
    for (const auto& row :
         db_.exec(kList, filter.assetId, filter.status, filter.versionPattern, limit, offset)) {
        page.rows.push_back(ContractListRow{toContract(row), nullableText(row[10])});
    }
    page.total = onlyValue<int64_t>(
        db_.exec(kCount, filter.assetId, filter.status, filter.versionPattern), kCount.name);
    return page;
}

}  // namespace tessera::store
