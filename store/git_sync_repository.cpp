#include "store/git_sync_repository.hpp"

#include <initializer_list>
#include <unordered_map>
#include <utility>

#include "core/json.hpp"
#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/sql_text.hpp"

namespace tessera::store {
namespace {

// ---- Push: four scans ----

const Statement kAllTeams{"git_sync_all_teams",
                          "SELECT t.id::text, t.name, t.metadata::text FROM core.teams t"
                          " ORDER BY t.name, t.id"};
const Statement kAllAssets{"git_sync_all_assets",
                           "SELECT a.id::text, a.fqn, a.owner_team_id::text, a.metadata::text"
                           " FROM core.assets a ORDER BY a.fqn, a.created_at, a.id"};
const Statement kAllContracts{
    "git_sync_all_contracts",
    "SELECT c.id::text, c.asset_id::text, c.version, c.schema::text, c.compatibility_mode,"
    " c.guarantees::text, c.status FROM core.contracts c ORDER BY c.published_at, c.id"};
const Statement kAllRegistrations{
    "git_sync_all_registrations",
    "SELECT r.id::text, r.contract_id::text, r.consumer_team_id::text, r.pinned_version,"
    " r.status FROM core.registrations r ORDER BY r.registered_at, r.id"};

// ---- Pull: the stored rows the files name ----

// Names and FQNs are joined as rows rather than matched with `= ANY($2)`: for a long array the
// planner may choose the trigram GIN indexes (ix_*_trgm) and spend seconds in them (see
// store/dbt_sync_reads.cpp); joined rows probe the btree indexes.
const Statement kStoredTeams{
    "git_sync_stored_teams",
    "SELECT t.id::text, t.name FROM core.teams t WHERE t.id = ANY($1::uuid[])"
    " UNION SELECT t.id::text, t.name FROM unnest($2::text[]) AS wanted(name)"
    " JOIN core.teams t ON t.name = wanted.name"};
const Statement kStoredAssets{
    "git_sync_stored_assets",
    "SELECT a.id::text, a.fqn, a.environment FROM core.assets a WHERE a.id = ANY($1::uuid[])"
    " UNION SELECT a.id::text, a.fqn, a.environment FROM unnest($2::text[]) AS wanted(fqn)"
    " JOIN core.assets a ON a.fqn = wanted.fqn"};
const Statement kStoredContracts{
    "git_sync_stored_contracts",
    "SELECT c.id::text, c.asset_id::text, c.version FROM core.contracts c"
    " WHERE c.id = ANY($1::uuid[]) OR c.asset_id = ANY($2::uuid[])"};
const Statement kStoredRegistrations{"git_sync_stored_registrations",
                                     "SELECT r.id::text, r.contract_id::text"
                                     " FROM core.registrations r WHERE r.id = ANY($1::uuid[])"};

// ---- Pull: one upsert per table, rows as a JSON array; unchanged rows are not rewritten ----

const Statement kUpsertTeams{
    "git_sync_upsert_teams",
    "INSERT INTO core.teams AS t (id, name, metadata)"
    " SELECT r.id, r.name, r.metadata"
    " FROM json_to_recordset($1::json) AS r(id uuid, name text, metadata jsonb)"
    " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, metadata = EXCLUDED.metadata"
    " WHERE (t.name, t.metadata) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.metadata)"
    " RETURNING t.id::text"};
const Statement kUpsertAssets{
    "git_sync_upsert_assets",
    "INSERT INTO core.assets AS a (id, fqn, owner_team_id, metadata, environment)"
    " SELECT r.id, r.fqn, r.owner_team_id, r.metadata, $2"
    " FROM json_to_recordset($1::json) AS r(id uuid, fqn text, owner_team_id uuid, metadata jsonb)"
    " ON CONFLICT (id) DO UPDATE SET fqn = EXCLUDED.fqn, owner_team_id = EXCLUDED.owner_team_id,"
    " metadata = EXCLUDED.metadata"
    " WHERE (a.fqn, a.owner_team_id, a.metadata)"
    " IS DISTINCT FROM (EXCLUDED.fqn, EXCLUDED.owner_team_id, EXCLUDED.metadata)"
    " RETURNING a.id::text"};
// json has no equality: schemas compare as text (both sides compact, keys in file order).
const Statement kUpsertContracts{
    "git_sync_upsert_contracts",
    "INSERT INTO core.contracts AS c (id, asset_id, version, schema, compatibility_mode,"
    " guarantees, status, published_by)"
    " SELECT r.id, r.asset_id, r.version, r.schema, r.compatibility_mode, r.guarantees, r.status,"
    " r.published_by FROM json_to_recordset($1::json) AS r(id uuid, asset_id uuid, version text,"
    " schema json, compatibility_mode text, guarantees jsonb, status text, published_by uuid)"
    " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, schema = EXCLUDED.schema,"
    " compatibility_mode = EXCLUDED.compatibility_mode, guarantees = EXCLUDED.guarantees,"
    " status = EXCLUDED.status"
    " WHERE (c.version, c.schema::text, c.compatibility_mode, c.guarantees, c.status)"
    " IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.schema::text, EXCLUDED.compatibility_mode,"
    " EXCLUDED.guarantees, EXCLUDED.status)"
    " RETURNING c.id::text"};
const Statement kUpsertRegistrations{
    "git_sync_upsert_registrations",
    "INSERT INTO core.registrations AS g (id, contract_id, consumer_team_id, pinned_version,"
    " status)"
    " SELECT r.id, r.contract_id, r.consumer_team_id, r.pinned_version, r.status"
    " FROM json_to_recordset($1::json) AS r(id uuid, contract_id uuid, consumer_team_id uuid,"
    " pinned_version text, status text)"
    " ON CONFLICT (id) DO UPDATE SET pinned_version = EXCLUDED.pinned_version,"
    " status = EXCLUDED.status"
    " WHERE (g.pinned_version, g.status) IS DISTINCT FROM"
    " (EXCLUDED.pinned_version, EXCLUDED.status)"
    " RETURNING g.id::text"};

std::vector<std::string> firstColumn(const pqxx::result& result) {
    std::vector<std::string> values;
    values.reserve(result.size());
    for (const auto& row : result) values.push_back(row[0].as<std::string>());
    return values;
}

void writeTexts(core::JsonWriter& w,
                std::initializer_list<std::pair<const char*, const std::string*>> members) {
    for (const auto& [key, value] : members) {
        w.Key(key);
        core::writeString(w, *value);
    }
}

void writeRaw(core::JsonWriter& w, const char* key, const std::string& json) {
    w.Key(key);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

// The rows of one upsert: the JSON array of objects `each` writes.
template <typename Each>
std::string jsonRows(Each each) {
    rapidjson::StringBuffer buffer;
    core::JsonWriter writer(buffer);
    writer.StartArray();
    each(writer);
    writer.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

SyncExport GitSyncRepository::exportAll() {
    SyncExport exported;
    for (const auto& row : db_.exec(kAllTeams)) {
        exported.teams.push_back(
            {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
    }
    std::unordered_map<std::string, size_t> assetAt;
    for (const auto& row : db_.exec(kAllAssets)) {
        assetAt.emplace(row[0].as<std::string>(), exported.assets.size());
        exported.assets.push_back({row[0].as<std::string>(),
                                   row[1].as<std::string>(),
                                   row[2].as<std::string>(),
                                   row[3].as<std::string>(),
                                   {}});
    }
    // Rows written between the scans (the request reads at READ COMMITTED) may lack their
    // parent in an earlier scan: they wait for the next push.
    std::unordered_map<std::string, core::SyncContract*> contractById;
    for (const auto& row : db_.exec(kAllContracts)) {
        const auto asset = assetAt.find(row[1].as<std::string>());
        if (asset == assetAt.end()) continue;
        exported.assets[asset->second].contracts.push_back({row[0].as<std::string>(),
                                                            row[2].as<std::string>(),
                                                            row[3].as<std::string>(),
                                                            row[4].as<std::string>(),
                                                            nullableText(row[5]),
                                                            row[6].as<std::string>(),
                                                            {}});
    }
    for (auto& asset : exported.assets) {
        for (auto& contract : asset.contracts) contractById.emplace(contract.id, &contract);
    }
    for (const auto& row : db_.exec(kAllRegistrations)) {
        const auto contract = contractById.find(row[1].as<std::string>());
        if (contract == contractById.end()) continue;
        contract->second->registrations.push_back({row[0].as<std::string>(),
                                                   row[2].as<std::string>(), nullableText(row[3]),
                                                   row[4].as<std::string>()});
    }
    return exported;
}

StoredSyncRows GitSyncRepository::storedRows(const std::vector<std::string>& teamIds,
                                             const std::vector<std::string>& teamNames,
                                             const std::vector<std::string>& assetIds,
                                             const std::vector<std::string>& fqns,
                                             const std::vector<std::string>& contractIds,
                                             const std::vector<std::string>& registrationIds) {
    StoredSyncRows stored;
    for (const auto& row :
         db_.exec(kStoredTeams, uuidArrayLiteral(teamIds), textArrayLiteral(teamNames))) {
        stored.teamNameById.emplace(row[0].as<std::string>(), row[1].as<std::string>());
        stored.teamIdByName.emplace(row[1].as<std::string>(), row[0].as<std::string>());
    }
    for (const auto& row :
         db_.exec(kStoredAssets, uuidArrayLiteral(assetIds), textArrayLiteral(fqns))) {
        StoredSyncRows::Asset asset{row[0].as<std::string>(), row[1].as<std::string>(),
                                    row[2].as<std::string>()};
        stored.assetById.emplace(asset.id, asset);
        stored.assetsWithFqns.push_back(std::move(asset));
    }
    for (const auto& row :
         db_.exec(kStoredContracts, uuidArrayLiteral(contractIds), uuidArrayLiteral(assetIds))) {
        StoredSyncRows::Contract contract{row[0].as<std::string>(), row[1].as<std::string>(),
                                          row[2].as<std::string>()};
        stored.contractById.emplace(contract.id, contract);
        stored.contractsOfAssets.push_back(std::move(contract));
    }
    for (const auto& row : db_.exec(kStoredRegistrations, uuidArrayLiteral(registrationIds))) {
        stored.registrationContractById.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
    return stored;
}

SyncWriteResult GitSyncRepository::upsert(const std::vector<core::SyncTeam>& teams,
                                          const std::vector<core::SyncAsset>& assets,
                                          const std::string& defaultEnvironment) {
    SyncWriteResult written;
    if (!teams.empty()) {
        const std::string rows = jsonRows([&](core::JsonWriter& w) {
            for (const auto& team : teams) {
                w.StartObject();
                writeTexts(w, {{"id", &team.id}, {"name", &team.name}});
                writeRaw(w, "metadata", team.metadataJson);
                w.EndObject();
            }
        });
        written.teamIds = firstColumn(db_.exec(kUpsertTeams, rows));
    }
    if (assets.empty()) return written;
    const std::string assetRows = jsonRows([&](core::JsonWriter& w) {
        for (const auto& asset : assets) {
            w.StartObject();
            writeTexts(
                w, {{"id", &asset.id}, {"fqn", &asset.fqn}, {"owner_team_id", &asset.ownerTeamId}});
            writeRaw(w, "metadata", asset.metadataJson);
            w.EndObject();
        }
    });
    written.assetIds = firstColumn(db_.exec(kUpsertAssets, assetRows, defaultEnvironment));

    bool anyContract = false;
    bool anyRegistration = false;
    const std::string contractRows = jsonRows([&](core::JsonWriter& w) {
        for (const auto& asset : assets) {
            for (const auto& contract : asset.contracts) {
                anyContract = true;
                anyRegistration = anyRegistration || !contract.registrations.empty();
                w.StartObject();
                writeTexts(w, {{"id", &contract.id},
                               {"asset_id", &asset.id},
                               {"version", &contract.version},
                               {"compatibility_mode", &contract.compatibilityMode},
                               {"status", &contract.status},
                               {"published_by", &asset.ownerTeamId}});
                writeRaw(w, "schema", contract.schemaJson);
                w.Key("guarantees");
                if (contract.guaranteesJson) {
                    w.RawValue(contract.guaranteesJson->data(), contract.guaranteesJson->size(),
                               rapidjson::kObjectType);
                } else {
                    w.Null();
                }
                w.EndObject();
            }
        }
    });
    if (anyContract) written.contractIds = firstColumn(db_.exec(kUpsertContracts, contractRows));
    if (!anyRegistration) return written;
    const std::string registrationRows = jsonRows([&](core::JsonWriter& w) {
        for (const auto& asset : assets) {
            for (const auto& contract : asset.contracts) {
                for (const auto& registration : contract.registrations) {
                    w.StartObject();
                    writeTexts(w, {{"id", &registration.id},
                                   {"contract_id", &contract.id},
                                   {"consumer_team_id", &registration.consumerTeamId},
                                   {"status", &registration.status}});
                    w.Key("pinned_version");
                    core::writeNullableString(w, registration.pinnedVersion);
                    w.EndObject();
                }
            }
        }
    });
    written.registrationIds = firstColumn(db_.exec(kUpsertRegistrations, registrationRows));
    return written;
}

}  // namespace tessera::store
