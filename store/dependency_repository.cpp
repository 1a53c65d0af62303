#include "store/dependency_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

#define DEPENDENCY_COLUMNS                                                                    \
    "d.id::text, d.dependent_asset_id::text, d.dependency_asset_id::text, d.dependency_type," \
    " core.epoch_us(d.created_at), d.column_mappings::text"

const Statement kPairExists{"dependency_pair_exists",
                            "SELECT 1 FROM core.dependencies WHERE dependent_asset_id = $1"
                            " AND dependency_asset_id = $2"};
const Statement kInsert{"dependency_insert",
                        "INSERT INTO core.dependencies AS d (dependent_asset_id,"
                        " dependency_asset_id, dependency_type, column_mappings)"
                        " VALUES ($1, $2, $3, $4::jsonb)"
                        " RETURNING " DEPENDENCY_COLUMNS};
const Statement kUpstream{"dependency_upstream_page",
                          "SELECT " DEPENDENCY_COLUMNS
                          " FROM core.dependencies d"
                          " WHERE d.dependent_asset_id = $1 ORDER BY d.created_at, d.id"
                          " LIMIT $2 OFFSET $3"};
const Statement kUpstreamCount{"dependency_upstream_count",
                               "SELECT count(*) FROM core.dependencies"
                               " WHERE dependent_asset_id = $1"};
const Statement kFind{"dependency_find", "SELECT " DEPENDENCY_COLUMNS
                                         " FROM core.dependencies d"
                                         " WHERE d.id = $1 AND d.dependent_asset_id = $2"};
const Statement kRemove{"dependency_remove", "DELETE FROM core.dependencies WHERE id = $1"};
// Edges whose asset or owner team row is missing are skipped (inner joins).
const Statement kUpstreamAssets{
    "lineage_upstream_assets",
    "SELECT a.id::text, a.fqn, d.dependency_type, t.name FROM core.dependencies d"
    " JOIN core.assets a ON a.id = d.dependency_asset_id"
    " JOIN core.teams t ON t.id = a.owner_team_id"
    " WHERE d.dependent_asset_id = $1 ORDER BY d.created_at, d.id"};
const Statement kDownstreamAssets{
    "lineage_downstream_assets",
    "SELECT a.id::text, a.fqn, d.dependency_type, t.name FROM core.dependencies d"
    " JOIN core.assets a ON a.id = d.dependent_asset_id"
    " JOIN core.teams t ON t.id = a.owner_team_id"
    " WHERE d.dependency_asset_id = $1 ORDER BY d.created_at, d.id"};
const Statement kRegistrations{
    "lineage_registrations",
    "SELECT t.id::text, t.name, r.contract_id::text, r.status, r.pinned_version"
    " FROM core.registrations r JOIN core.contracts c ON c.id = r.contract_id"
    " JOIN core.teams t ON t.id = r.consumer_team_id"
    " WHERE c.asset_id = $1 ORDER BY r.registered_at, r.id"};

#undef DEPENDENCY_COLUMNS

DependencyRecord toDependency(const pqxx::row& row) {
    return DependencyRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                            row[2].as<std::string>(), row[3].as<std::string>(),
                            row[4].as<int64_t>(),     nullableText(row[5])};
}

std::vector<LineageAsset> toLineageAssets(const pqxx::result& result) {
    std::vector<LineageAsset> assets;
    for (const auto& row : result) {
        assets.push_back(LineageAsset{row[0].as<std::string>(), row[1].as<std::string>(),
                                      row[2].as<std::string>(), row[3].as<std::string>()});
    }
    return assets;
}

}  // namespace

bool DependencyRepository::pairExists(const std::string& dependentId,
                                      const std::string& dependencyId) {
    return !db_.exec(kPairExists, dependentId, dependencyId).empty();
}

DependencyRecord DependencyRepository::insert(const std::string& dependentId,
                                              const std::string& dependencyId,
                                              const std::string& type,
                                              const std::optional<std::string>& columnMappings) {
    return toDependency(
        onlyRow(db_.exec(kInsert, dependentId, dependencyId, type, columnMappings), kInsert.name));
}

PageOf<DependencyRecord> DependencyRepository::upstreamOf(const std::string& assetId, int limit,
                                                          int64_t offset) {
    PageOf<DependencyRecord> page;
    for (const auto& row : db_.exec(kUpstream, assetId, limit, offset)) {
        page.rows.push_back(toDependency(row));
    }
    page.total = onlyValue<int64_t>(db_.exec(kUpstreamCount, assetId), kUpstreamCount.name);
    return page;
}

std::optional<DependencyRecord> DependencyRepository::find(const std::string& id,
                                                           const std::string& dependentId) {
    return optionalRecord(db_.exec(kFind, id, dependentId), kFind.name, toDependency);
}

void DependencyRepository::remove(const std::string& id) {
    db_.exec(kRemove, id);
}

std::vector<LineageAsset> DependencyRepository::upstreamAssets(const std::string& assetId) {
    return toLineageAssets(db_.exec(kUpstreamAssets, assetId));
}

std::vector<LineageAsset> DependencyRepository::downstreamAssets(const std::string& assetId) {
    return toLineageAssets(db_.exec(kDownstreamAssets, assetId));
}

std::vector<LineageRegistration> DependencyRepository::registrationsOnAnyContract(
    const std::string& assetId) {
    std::vector<LineageRegistration> registrations;
    for (const auto& row : db_.exec(kRegistrations, assetId)) {
        LineageRegistration registration{row[0].as<std::string>(), row[1].as<std::string>(),
                                         row[2].as<std::string>(), row[3].as<std::string>(),
                                         std::nullopt};
        if (!row[4].is_null()) registration.pinnedVersion = row[4].as<std::string>();
        registrations.push_back(std::move(registration));
    }
    return registrations;
}

}  // namespace tessera::store
