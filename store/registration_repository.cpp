#include "store/registration_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

#define REGISTRATION_COLUMNS                                                                  \
    "r.id::text, r.contract_id::text, r.consumer_team_id::text, r.pinned_version, r.status, " \
    "core.epoch_us(r.registered_at), core.epoch_us(r.acknowledged_at)"
#define NEWEST_FIRST " ORDER BY r.registered_at DESC, r.id DESC"
#define LIST_FILTER                                              \
    " WHERE ($1::uuid IS NULL OR r.consumer_team_id = $1::uuid)" \
    " AND ($2::uuid IS NULL OR r.contract_id = $2::uuid)"        \
    " AND ($3::text IS NULL OR r.status = $3::text)"

const Statement kFind{"registration_find",
                      "SELECT " REGISTRATION_COLUMNS " FROM core.registrations r WHERE r.id = $1"};
const Statement kInsert{"registration_insert",
                        "INSERT INTO core.registrations AS r"
                        " (contract_id, consumer_team_id, pinned_version)"
                        " VALUES ($1, $2, $3) RETURNING " REGISTRATION_COLUMNS};
const Statement kUpdate{"registration_update",
                        "UPDATE core.registrations AS r"
                        " SET pinned_version = coalesce($2, r.pinned_version),"
                        " status = coalesce($3, r.status)"
                        " WHERE r.id = $1 RETURNING " REGISTRATION_COLUMNS};
const Statement kDelete{"registration_delete", "DELETE FROM core.registrations WHERE id = $1"};
const Statement kList{"registration_list",
                      "SELECT " REGISTRATION_COLUMNS
                      " FROM core.registrations r" LIST_FILTER NEWEST_FIRST " LIMIT $4 OFFSET $5"};
const Statement kCount{"registration_count",
                       "SELECT count(*) FROM core.registrations r" LIST_FILTER};
const Statement kListForContract{"registration_list_for_contract",
                                 "SELECT " REGISTRATION_COLUMNS
                                 ", t.name FROM core.registrations r"
                                 " LEFT JOIN core.teams t ON t.id = r.consumer_team_id"
                                 " WHERE r.contract_id = $1" NEWEST_FIRST " LIMIT $2 OFFSET $3"};
// Affected consumers of a proposal (spec 03 §9.1), oldest registration first.
const Statement kActiveForContract{"registration_active_for_contract",
                                   "SELECT " REGISTRATION_COLUMNS
                                   ", t.name FROM core.registrations r"
                                   " LEFT JOIN core.teams t ON t.id = r.consumer_team_id"
                                   " WHERE r.contract_id = $1 AND r.status = 'active'"
                                   " ORDER BY r.registered_at, r.id"};
const Statement kCountForContract{"registration_count_for_contract",
                                  "SELECT count(*) FROM core.registrations WHERE contract_id = $1"};

#undef LIST_FILTER
#undef NEWEST_FIRST
#undef REGISTRATION_COLUMNS

RegistrationRecord toRegistration(const pqxx::row& row) {
    return RegistrationRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                              row[2].as<std::string>(), nullableText(row[3]),
                              row[4].as<std::string>(), row[5].as<int64_t>(),
                              nullableInt64(row[6])};
}

}  // namespace

std::optional<RegistrationRecord> RegistrationRepository::find(const std::string& id) {
    return optionalRecord(db_.exec(kFind, id), kFind.name, toRegistration);
}

RegistrationRecord RegistrationRepository::insert(const std::string& contractId,
                                                  const std::string& consumerTeamId,
                                                  const std::optional<std::string>& pinnedVersion) {
    return toRegistration(
        onlyRow(db_.exec(kInsert, contractId, consumerTeamId, pinnedVersion), kInsert.name));
}

std::optional<RegistrationRecord> RegistrationRepository::update(
    const std::string& id, const std::optional<std::string>& pinnedVersion,
    const std::optional<std::string>& status) {
    return optionalRecord(db_.exec(kUpdate, id, pinnedVersion, status), kUpdate.name,
                          toRegistration);
}

void RegistrationRepository::remove(const std::string& id) {
    db_.exec(kDelete, id);
}

PageOf<RegistrationRecord> RegistrationRepository::list(const RegistrationFilter& filter, int limit,
                                                        int64_t offset) {
    PageOf<RegistrationRecord> page;
    for (const auto& row :
         db_.exec(kList, filter.consumerTeamId, filter.contractId, filter.status, limit, offset)) {
        page.rows.push_back(toRegistration(row));
    }
    page.total = onlyValue<int64_t>(
        db_.exec(kCount, filter.consumerTeamId, filter.contractId, filter.status), kCount.name);
    return page;
}

PageOf<ContractRegistrationRow> RegistrationRepository::listForContract(
    const std::string& contractId, int limit, int64_t offset) {
    PageOf<ContractRegistrationRow> page;
    for (const auto& row : db_.exec(kListForContract, contractId, limit, offset)) {
        page.rows.push_back(ContractRegistrationRow{toRegistration(row), nullableText(row[7])});
    }
    page.total =
        onlyValue<int64_t>(db_.exec(kCountForContract, contractId), kCountForContract.name);
    return page;
}

std::vector<ContractRegistrationRow> RegistrationRepository::activeForContract(
    const std::string& contractId) {
    std::vector<ContractRegistrationRow> rows;
    for (const auto& row : db_.exec(kActiveForContract, contractId)) {
        rows.push_back(ContractRegistrationRow{toRegistration(row), nullableText(row[7])});
    }
    return rows;
}

}  // namespace tessera::store
