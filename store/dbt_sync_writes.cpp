#include "store/dbt_sync_writes.hpp"

#include "core/json.hpp"
#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/json_rows.hpp"
#include "store/sql_text.hpp"

namespace tessera::store {
namespace {

const Statement kTeamIds{"dbt_team_ids_by_name",
                         "SELECT DISTINCT ON (lower(t.name)) lower(t.name), t.id::text"
                         " FROM core.teams t WHERE t.deleted_at IS NULL"
                         " AND lower(t.name) = ANY($1::text[])"
                         " ORDER BY lower(t.name), t.created_at, t.id"};
const Statement kUserIds{"dbt_user_ids_by_email",
                         "SELECT DISTINCT ON (lower(u.email)) lower(u.email), u.id::text"
                         " FROM core.users u WHERE u.deactivated_at IS NULL"
                         " AND lower(u.email) = ANY($1::text[])"
                         " ORDER BY lower(u.email), u.created_at, u.id"};
const Statement kRegistrationPairs{"dbt_registration_pairs",
                                   "SELECT r.contract_id::text, r.consumer_team_id::text"
                                   " FROM core.registrations r"
                                   " WHERE r.contract_id = ANY($1::uuid[])"};
const Statement kEdges{"dbt_edges_of",
                       "SELECT d.id::text, d.dependent_asset_id::text,"
                       " d.dependency_asset_id::text, d.sync_source FROM core.dependencies d"
                       " WHERE d.dependent_asset_id = ANY($1::uuid[]) OR d.sync_source = $2"};

const Statement kInsertAssets{
    "dbt_insert_assets",
    "INSERT INTO core.assets (id, fqn, owner_team_id, owner_user_id, metadata, environment)"
    " SELECT r.id, r.fqn, r.owner_team_id, r.owner_user_id, r.metadata,"
    " COALESCE(r.environment, 'production')"
    " FROM json_to_recordset($1::json) AS r(id uuid, fqn text, owner_team_id uuid,"
    " owner_user_id uuid, metadata jsonb, environment text)"};
const Statement kUpdateAssets{
    "dbt_update_assets",
    "UPDATE core.assets a SET metadata = r.metadata,"
    " owner_team_id = COALESCE(r.owner_team_id, a.owner_team_id),"
    " owner_user_id = COALESCE(r.owner_user_id, a.owner_user_id)"
    " FROM json_to_recordset($1::json) AS r(id uuid, owner_team_id uuid, owner_user_id uuid,"
    " metadata jsonb) WHERE a.id = r.id"};
const Statement kInsertContracts{
    "dbt_insert_contracts",
    "INSERT INTO core.contracts (id, asset_id, version, schema, compatibility_mode, guarantees,"
    " status, published_by, published_by_user_id)"
    " SELECT r.id, r.asset_id, '1.0.0', r.schema, r.compatibility_mode, r.guarantees, 'active',"
    " r.published_by, r.published_by_user_id"
    " FROM json_to_recordset($1::json) AS r(id uuid, asset_id uuid, schema json,"
    " compatibility_mode text, guarantees jsonb, published_by uuid, published_by_user_id uuid)"};
const Statement kInsertRegistrations{
    "dbt_insert_registrations",
    "INSERT INTO core.registrations (id, contract_id, consumer_team_id)"
    " SELECT r.id, r.contract_id, r.consumer_team_id"
    " FROM json_to_recordset($1::json) AS r(id uuid, contract_id uuid, consumer_team_id uuid)"};
const Statement kInsertProposals{
    "dbt_insert_proposals",
    "INSERT INTO workflow.proposals (id, asset_id, proposed_schema, proposed_guarantees,"
    " change_type, breaking_changes, proposed_by, proposed_by_user_id)"
    " SELECT r.id, r.asset_id, r.proposed_schema, r.proposed_guarantees, r.change_type,"
    " r.breaking_changes, r.proposed_by, r.proposed_by_user_id"
    " FROM json_to_recordset($1::json) AS r(id uuid, asset_id uuid, proposed_schema json,"
    " proposed_guarantees jsonb, change_type text, breaking_changes json, proposed_by uuid,"
    " proposed_by_user_id uuid)"};
const Statement kInsertEdges{
    "dbt_insert_edges",
    "INSERT INTO core.dependencies (id, dependent_asset_id, dependency_asset_id,"
    " dependency_type, sync_source)"
    " SELECT r.id, r.dependent, r.dependency, 'transforms', r.sync_source"
    " FROM json_to_recordset($1::json) AS r(id uuid, dependent uuid, dependency uuid,"
    " sync_source text)"
    " ON CONFLICT (dependent_asset_id, dependency_asset_id) DO NOTHING RETURNING id::text"};
const Statement kDeleteEdges{"dbt_delete_edges",
                             "DELETE FROM core.dependencies WHERE id = ANY($1::uuid[])"};
const Statement kInsertEvents{
    "dbt_insert_audit_events",
    "INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
    " SELECT $2, r.entity_id, $3, $4::uuid, r.payload"
    " FROM json_to_recordset($1::json) AS r(entity_id uuid, payload jsonb)"};

using core::JsonWriter;
using json_rows::jsonRows;
using json_rows::nullableMember;
using json_rows::rawJson;
using json_rows::text;

void nullableJson(JsonWriter& w, const char* key, const std::optional<std::string>& json) {
    if (json) {
        rawJson(w, key, *json);
    } else {
        w.Key(key);
        w.Null();
    }
}

std::map<std::string, std::string> pairs(const pqxx::result& result) {
    std::map<std::string, std::string> found;
    for (const auto& row : result)
        found.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    return found;
}

}  // namespace

std::map<std::string, std::string> DbtSyncWrites::teamIdsByName(
    const std::vector<std::string>& lowerNames) {
    if (lowerNames.empty()) return {};
    return pairs(db_.exec(kTeamIds, textArrayLiteral(lowerNames)));
}

std::map<std::string, std::string> DbtSyncWrites::userIdsByEmail(
    const std::vector<std::string>& lowerEmails) {
    if (lowerEmails.empty()) return {};
    return pairs(db_.exec(kUserIds, textArrayLiteral(lowerEmails)));
}

std::set<std::pair<std::string, std::string>> DbtSyncWrites::registrationPairs(
    const std::vector<std::string>& contractIds) {
    std::set<std::pair<std::string, std::string>> found;
    if (contractIds.empty()) return found;
    for (const auto& row : db_.exec(kRegistrationPairs, uuidArrayLiteral(contractIds))) {
        found.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
    return found;
}

std::vector<DbtEdgeRow> DbtSyncWrites::edgesOf(const std::vector<std::string>& dependentIds,
                                               const std::string& syncSource) {
    std::vector<DbtEdgeRow> edges;
    for (const auto& row : db_.exec(kEdges, uuidArrayLiteral(dependentIds), syncSource)) {
        edges.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                         row[2].as<std::string>(), store::nullableText(row[3])});
    }
    return edges;
}

void DbtSyncWrites::insertAssets(const std::vector<DbtAssetRow>& rows) {
    if (rows.empty()) return;
    db_.exec(kInsertAssets, jsonRows(rows, [](JsonWriter& w, const DbtAssetRow& row) {
                 text(w, "id", row.id);
                 text(w, "fqn", row.fqn);
                 nullableMember(w, "owner_team_id", row.ownerTeamId);
                 nullableMember(w, "owner_user_id", row.ownerUserId);
                 rawJson(w, "metadata", row.metadataJson);
                 nullableMember(w, "environment", row.environment);
             }));
}

void DbtSyncWrites::updateAssets(const std::vector<DbtAssetRow>& rows) {
    if (rows.empty()) return;
    db_.exec(kUpdateAssets, jsonRows(rows, [](JsonWriter& w, const DbtAssetRow& row) {
                 text(w, "id", row.id);
                 nullableMember(w, "owner_team_id", row.ownerTeamId);
                 nullableMember(w, "owner_user_id", row.ownerUserId);
                 rawJson(w, "metadata", row.metadataJson);
             }));
}

void DbtSyncWrites::insertContracts(const std::vector<DbtContractRow>& rows) {
    if (rows.empty()) return;
    db_.exec(kInsertContracts, jsonRows(rows, [](JsonWriter& w, const DbtContractRow& row) {
                 text(w, "id", row.id);
                 text(w, "asset_id", row.assetId);
                 rawJson(w, "schema", row.schemaJson);
                 text(w, "compatibility_mode", row.compatibilityMode);
                 nullableJson(w, "guarantees", row.guaranteesJson);
                 text(w, "published_by", row.publishedBy);
                 nullableMember(w, "published_by_user_id", row.publishedByUserId);
             }));
}

void DbtSyncWrites::insertRegistrations(const std::vector<std::vector<std::string>>& rows) {
    if (rows.empty()) return;
    db_.exec(kInsertRegistrations,
             jsonRows(rows, [](JsonWriter& w, const std::vector<std::string>& row) {
                 text(w, "id", row.at(0));
                 text(w, "contract_id", row.at(1));
                 text(w, "consumer_team_id", row.at(2));
             }));
}

void DbtSyncWrites::insertProposals(const std::vector<DbtProposalRow>& rows) {
    if (rows.empty()) return;
    db_.exec(kInsertProposals, jsonRows(rows, [](JsonWriter& w, const DbtProposalRow& row) {
                 text(w, "id", row.id);
                 text(w, "asset_id", row.assetId);
                 rawJson(w, "proposed_schema", row.proposedSchemaJson);
                 nullableJson(w, "proposed_guarantees", row.proposedGuaranteesJson);
                 text(w, "change_type", row.changeType);
                 w.Key("breaking_changes");
                 w.RawValue(row.breakingChangesJson.data(), row.breakingChangesJson.size(),
                            rapidjson::kArrayType);
                 text(w, "proposed_by", row.proposedBy);
                 nullableMember(w, "proposed_by_user_id", row.proposedByUserId);
             }));
}

std::vector<std::string> DbtSyncWrites::insertEdges(const std::vector<DbtEdgeRow>& rows) {
    std::vector<std::string> inserted;
    if (rows.empty()) return inserted;
    for (const auto& row :
         db_.exec(kInsertEdges, jsonRows(rows, [](JsonWriter&w, const DbtEdgeRow&edge) {
                      text(w, "id", edge.id);
                      text(w, "dependent", edge.dependentId);
                      text(w, "dependency", edge.dependencyId);
                      nullableMember(w, "sync_source", edge.syncSource);
                  }))) {
        inserted.push_back(row[0].as<std::string>());
    }
    return inserted;
}

void DbtSyncWrites::deleteEdges(const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    db_.exec(kDeleteEdges, uuidArrayLiteral(ids));
}

void DbtSyncWrites::recordEvents(const std::string& entityType, const std::string& action,
                                 const std::optional<std::string>& actorId,
                                 const std::vector<std::pair<std::string, std::string>>& events) {
    if (events.empty()) return;
    db_.exec(kInsertEvents,
             jsonRows(events,
                      [](JsonWriter& w, const std::pair<std::string, std::string>& event) {
                          text(w, "entity_id", event.first);
                          rawJson(w, "payload", event.second);
                      }),
             entityType, action, actorId);
}

}  // namespace tessera::store
