// The shared schemas of GET /openapi.json (components.schemas): the resource objects of specs
// 01–04 in their key order, the page and the two 4xx shapes that are not the error envelope.
// The enumerations and the error envelope are added by the builder from the validators' own
// lists (core/api_enums.hpp, core/error_codes.hpp).
#include "server/handlers/openapi_components.hpp"

namespace tessera::server {

std::string_view openApiComponentSchemas() {
    return R"json(
{
  "Uuid": {"type": "string", "format": "uuid"},
  "NullableUuid": {"type": ["string", "null"], "format": "uuid"},
  "Timestamp": {"type": "string", "format": "date-time",
    "description": "UTC, YYYY-MM-DDTHH:MM:SS[.ffffff]Z (spec 01 §1.4)"},
  "NullableTimestamp": {"type": ["string", "null"], "format": "date-time"},
  "Metadata": {"type": "object", "description": "Free-form, stored verbatim."},
  "AnyObject": {"type": "object"},
  "ValidationProblem": {
    "type": "object", "required": ["detail"],
    "description": "Request-validation 422 (spec 01 §2.3): every problem of the request at once.",
    "properties": {"detail": {"type": "array", "items": {
      "type": "object", "required": ["type", "loc", "msg"],
      "properties": {
        "type": {"type": "string", "examples": ["missing", "uuid_parsing", "greater_than_equal"]},
        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
        "msg": {"type": "string"},
        "input": {},
        "ctx": {"type": "object"}}}}}
  },
  "RateLimited": {
    "type": "object", "required": ["error"],
    "description": "429 (spec 01 §6): not the standard envelope; Retry-After: 60.",
    "properties": {"error": {"type": "object", "required": ["code", "message", "detail"],
      "properties": {"code": {"const": "RATE_LIMIT_EXCEEDED"}, "message": {"type": "string"},
                     "detail": {"type": "string", "examples": ["1000 per 1 minute"]}}}}
  },
  "Page": {
    "type": "object", "required": ["results", "total", "limit", "offset"],
    "description": "The standard page (spec 01 §7); `results` holds the resource's items.",
    "properties": {"results": {"type": "array"}, "total": {"type": "integer", "minimum": 0},
                   "limit": {"type": "integer"}, "offset": {"type": "integer"}}
  },
  "Health": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
  "HealthReady": {"type": "object", "required": ["status", "database"],
    "properties": {"status": {"enum": ["ready", "not_ready"]}, "database": {"type": "boolean"},
                   "error": {"type": "string"}}},
  "SchemaValidation": {"type": "object", "required": ["valid", "errors"],
    "properties": {"valid": {"type": "boolean"}, "errors": {"type": "array", "items": {"type": "string"}}}},
  "Team": {
    "type": "object", "required": ["id", "name", "metadata", "created_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "name": {"type": "string"},
                   "metadata": {"$ref": "#/components/schemas/Metadata"},
                   "created_at": {"$ref": "#/components/schemas/Timestamp"}}
  },
  "TeamListItem": {"allOf": [{"$ref": "#/components/schemas/Team"},
    {"type": "object", "required": ["asset_count"], "properties": {"asset_count": {"type": "integer", "minimum": 0}}}]},
  "TeamPage": {"allOf": [{"$ref": "#/components/schemas/Page"},
    {"properties": {"results": {"items": {"$ref": "#/components/schemas/TeamListItem"}}}}]},
  "User": {
    "type": "object",
    "required": ["id", "email", "name", "role", "team_id", "metadata", "notification_preferences", "created_at", "deactivated_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "email": {"type": "string"}, "name": {"type": "string"},
      "role": {"$ref": "#/components/schemas/UserRole"}, "team_id": {"$ref": "#/components/schemas/NullableUuid"},
      "metadata": {"$ref": "#/components/schemas/Metadata"}, "notification_preferences": {"type": "object"},
      "created_at": {"$ref": "#/components/schemas/Timestamp"},
      "deactivated_at": {"$ref": "#/components/schemas/NullableTimestamp"},
      "team_name": {"type": ["string", "null"]}, "asset_count": {"type": "integer"}}
  },
  "ApiKey": {
    "type": "object",
    "description": "`key` (the raw key) only in the create response; `last_used_at` and `revoked_at` everywhere else.",
    "required": ["id", "key_prefix", "name", "team_id", "scopes", "created_at", "expires_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "key": {"type": "string", "pattern": "^tess_live_[0-9a-f]{64}$"},
      "key_prefix": {"type": "string"}, "name": {"type": "string"}, "team_id": {"$ref": "#/components/schemas/Uuid"},
      "scopes": {"type": "array", "items": {"$ref": "#/components/schemas/ApiKeyScope"}},
      "created_at": {"$ref": "#/components/schemas/Timestamp"},
      "expires_at": {"$ref": "#/components/schemas/NullableTimestamp"},
      "last_used_at": {"$ref": "#/components/schemas/NullableTimestamp"},
      "revoked_at": {"$ref": "#/components/schemas/NullableTimestamp"}}
  },
  "Asset": {
    "type": "object",
    "required": ["id", "fqn", "owner_team_id", "owner_user_id", "environment", "guarantee_mode", "metadata", "created_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "fqn": {"type": "string"},
      "owner_team_id": {"$ref": "#/components/schemas/Uuid"},
      "owner_user_id": {"$ref": "#/components/schemas/NullableUuid"},
      "environment": {"type": "string"}, "guarantee_mode": {"$ref": "#/components/schemas/GuaranteeMode"},
      "metadata": {"$ref": "#/components/schemas/Metadata"},
      "created_at": {"$ref": "#/components/schemas/Timestamp"}}
  },
  "AssetDetail": {"allOf": [{"$ref": "#/components/schemas/Asset"},
    {"type": "object", "required": ["owner_team_name", "owner_user_name", "owner_user_email"],
     "properties": {"owner_team_name": {"type": ["string", "null"]}, "owner_user_name": {"type": ["string", "null"]},
                    "owner_user_email": {"type": ["string", "null"]}}}]},
  "AssetListItem": {"allOf": [{"$ref": "#/components/schemas/AssetDetail"},
    {"type": "object", "required": ["active_contract_version"],
     "properties": {"active_contract_version": {"type": ["string", "null"]}}}]},
  "AssetPage": {"allOf": [{"$ref": "#/components/schemas/Page"},
    {"properties": {"results": {"items": {"$ref": "#/components/schemas/AssetListItem"}}}}]},
  "Guarantees": {"type": ["object", "null"],
    "properties": {"freshness": {"type": ["object", "null"]}, "volume": {"type": ["object", "null"]},
      "nullability": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
      "accepted_values": {"type": ["object", "null"], "additionalProperties": {"type": "array", "items": {"type": "string"}}}}},
  "ContractFields": {
    "type": "object",
    "required": ["id", "asset_id", "version", "compatibility_mode", "guarantees", "status", "published_at", "published_by", "published_by_user_id"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "asset_id": {"$ref": "#/components/schemas/Uuid"},
      "version": {"type": "string"},
      "compatibility_mode": {"$ref": "#/components/schemas/CompatibilityMode"},
      "guarantees": {"$ref": "#/components/schemas/Guarantees"},
      "status": {"$ref": "#/components/schemas/ContractStatus"},
      "published_at": {"$ref": "#/components/schemas/Timestamp"},
      "published_by": {"$ref": "#/components/schemas/Uuid"},
      "published_by_user_id": {"$ref": "#/components/schemas/NullableUuid"}}
  },
  "Contract": {
    "description": "ContractDump (spec 02 §2.2): the schema under `schema_def`.",
    "allOf": [{"$ref": "#/components/schemas/ContractFields"},
      {"type": "object", "required": ["schema_def"], "properties": {"schema_def": {"type": "object"}}}]
  },
  "ContractEntity": {
    "description": "GET /contracts/{contract_id} (spec 02 §2.2): the schema under `schema`.",
    "allOf": [{"$ref": "#/components/schemas/ContractFields"},
      {"type": "object", "required": ["schema"], "properties": {"schema": {"type": "object"}}}]
  },
  "ProposalListItem": {
    "type": "object",
    "required": ["id", "asset_id", "asset_fqn", "status", "change_type", "breaking_changes_count", "proposed_by", "proposed_at", "acknowledgment_count", "total_consumers"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "asset_id": {"$ref": "#/components/schemas/Uuid"},
      "asset_fqn": {"type": ["string", "null"]}, "status": {"$ref": "#/components/schemas/ProposalStatus"},
      "change_type": {"$ref": "#/components/schemas/ChangeType"},
      "breaking_changes_count": {"type": "integer", "minimum": 0},
      "proposed_by": {"$ref": "#/components/schemas/Uuid"}, "proposed_at": {"$ref": "#/components/schemas/Timestamp"},
      "acknowledgment_count": {"type": "integer", "minimum": 0}, "total_consumers": {"type": "integer", "minimum": 0}}
  },
  "ProposalProgress": {
    "type": "object", "description": "GET /proposals/{proposal_id}/status (spec 03 §9.5).",
    "required": ["proposal_id", "status", "asset_fqn", "change_type", "breaking_changes", "proposed_by", "proposed_at", "resolved_at", "consumers", "acknowledgments", "pending_consumers", "audit_status", "warnings"],
    "properties": {"proposal_id": {"$ref": "#/components/schemas/Uuid"},
      "status": {"$ref": "#/components/schemas/ProposalStatus"}, "asset_fqn": {"type": ["string", "null"]},
      "change_type": {"$ref": "#/components/schemas/ChangeType"},
      "breaking_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "proposed_by": {"type": "object", "required": ["team_id", "team_name", "user_id", "user_name"]},
      "proposed_at": {"$ref": "#/components/schemas/Timestamp"},
      "resolved_at": {"$ref": "#/components/schemas/NullableTimestamp"},
      "consumers": {"type": "object", "required": ["total", "acknowledged", "pending", "blocked"],
        "properties": {"total": {"type": "integer"}, "acknowledged": {"type": "integer"},
                       "pending": {"type": "integer"}, "blocked": {"type": "integer"}}},
      "acknowledgments": {"type": "array", "items": {"type": "object",
        "required": ["consumer_team_id", "consumer_team_name", "response", "responded_at"],
        "properties": {"response": {"$ref": "#/components/schemas/AcknowledgmentResponse"}}}},
      "pending_consumers": {"type": "array", "items": {"type": "object", "required": ["team_id", "team_name", "registered_at"]}},
      "audit_status": {"type": ["object", "null"]},
      "warnings": {"type": "array", "items": {"type": "string"}}}
  },
  "ChangeItem": {"type": "object", "required": ["type", "path", "message"],
    "properties": {"type": {"type": "string", "examples": ["property_removed"]}, "path": {"type": "string"},
                   "message": {"type": "string"}, "old_value": {}, "new_value": {}}},
  "ContractComparison": {
    "type": "object", "description": "The comparison fields of diff and compare (spec 02 §5.7, §5.9); `guarantee_changes` and `guarantee_warnings` are added when guarantees changed.",
    "required": ["change_type", "is_compatible", "breaking_changes", "all_changes", "compatibility_mode"],
    "properties": {"change_type": {"$ref": "#/components/schemas/ChangeType"}, "is_compatible": {"type": "boolean"},
      "breaking_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "all_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "compatibility_mode": {"$ref": "#/components/schemas/CompatibilityMode"},
      "guarantee_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "guarantee_warnings": {"type": "integer", "minimum": 0}}
  },
  "ContractDiff": {"allOf": [{"$ref": "#/components/schemas/ContractComparison"},
    {"type": "object", "required": ["asset_id", "asset_fqn", "from_version", "to_version"],
     "properties": {"asset_id": {"$ref": "#/components/schemas/Uuid"}, "asset_fqn": {"type": "string"},
                    "from_version": {"type": "string"}, "to_version": {"type": "string"}}}]},
  "ContractSummary": {"type": "object", "required": ["id", "version", "published_at", "asset_id"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "version": {"type": "string"},
                   "published_at": {"$ref": "#/components/schemas/Timestamp"}, "asset_id": {"$ref": "#/components/schemas/Uuid"}}},
  "ContractCompare": {
    "description": "Two contract ids: `contract_1`, `contract_2` and the comparison; two schemas (`old_schema`, `new_schema`): the comparison only.",
    "allOf": [{"$ref": "#/components/schemas/ContractComparison"},
      {"type": "object", "properties": {"contract_1": {"$ref": "#/components/schemas/ContractSummary"},
                                        "contract_2": {"$ref": "#/components/schemas/ContractSummary"}},
       "dependentRequired": {"contract_1": ["contract_2"], "contract_2": ["contract_1"]}}]},
  "ContractHistory": {
    "type": "object", "required": ["asset_id", "asset_fqn", "contracts"],
    "properties": {"asset_id": {"$ref": "#/components/schemas/Uuid"}, "asset_fqn": {"type": "string"},
      "contracts": {"type": "array", "description": "Newest first; each against the next older one.", "items": {"type": "object",
        "required": ["id", "version", "status", "published_at", "published_by", "compatibility_mode", "change_type", "breaking_changes_count"],
        "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "version": {"type": "string"},
          "status": {"$ref": "#/components/schemas/ContractStatus"}, "published_at": {"$ref": "#/components/schemas/Timestamp"},
          "published_by": {"$ref": "#/components/schemas/Uuid"}, "compatibility_mode": {"$ref": "#/components/schemas/CompatibilityMode"},
          "change_type": {"anyOf": [{"$ref": "#/components/schemas/ChangeType"}, {"const": "initial"}]},
          "breaking_changes_count": {"type": "integer", "minimum": 0}}}}}
  },
  "Impact": {
    "type": "object", "description": "POST /assets/{asset_id}/impact (spec 02 §9.5). Without an active contract only the first five keys and `asset_id`; `guarantee_changes`/`guarantee_warnings` when guarantees changed; `column_impact` when the lineage was walked.",
    "required": ["change_type", "breaking_changes", "impacted_consumers", "impacted_assets", "safe_to_publish", "asset_id"],
    "properties": {"change_type": {"$ref": "#/components/schemas/ChangeType"},
      "breaking_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "impacted_consumers": {"type": "array", "items": {"type": "object",
        "required": ["team_id", "team_name", "status", "pinned_version", "depth"],
        "properties": {"team_id": {"$ref": "#/components/schemas/NullableUuid"}, "team_name": {"type": ["string", "null"]},
          "status": {"type": "string"}, "pinned_version": {"type": ["string", "null"]}, "depth": {"type": "integer", "minimum": 1}}}},
      "impacted_assets": {"type": "array", "items": {"type": "object", "required": ["asset_id", "fqn", "dependency_type", "depth"],
        "properties": {"asset_id": {"$ref": "#/components/schemas/Uuid"}, "fqn": {"type": "string"},
          "dependency_type": {"type": "string"}, "depth": {"type": "integer", "minimum": 1}}}},
      "safe_to_publish": {"type": "boolean"}, "traversal_depth": {"type": "integer", "minimum": 1},
      "asset_id": {"$ref": "#/components/schemas/Uuid"},
      "guarantee_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "guarantee_warnings": {"type": "integer", "minimum": 0},
      "column_impact": {"type": "object", "required": ["columns", "assets", "teams"],
        "properties": {"columns": {"type": "array"}, "assets": {"type": "array", "items": {"type": "object"}},
                       "teams": {"type": "array", "items": {"type": "object"}}}}}
  },
  "AuditRunReport": {
    "type": "object", "description": "POST /assets/{asset_id}/audit-results (spec 04 §2.2); `violated_guarantees` when the active contract promises guarantees.",
    "required": ["id", "asset_id", "asset_fqn", "contract_id", "contract_version", "status", "guarantees_checked", "guarantees_passed", "guarantees_failed", "triggered_by", "run_id", "run_at", "guarantee_results"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "asset_id": {"$ref": "#/components/schemas/Uuid"},
      "asset_fqn": {"type": "string"}, "contract_id": {"$ref": "#/components/schemas/NullableUuid"},
      "contract_version": {"type": ["string", "null"]}, "status": {"type": "string"},
      "guarantees_checked": {"type": "integer", "minimum": 0}, "guarantees_passed": {"type": "integer", "minimum": 0},
      "guarantees_failed": {"type": "integer", "minimum": 0}, "triggered_by": {"type": "string"},
      "run_id": {"type": ["string", "null"]}, "run_at": {"$ref": "#/components/schemas/Timestamp"},
      "guarantee_results": {"type": "array", "items": {"type": "object"}},
      "violated_guarantees": {"type": "array", "items": {"type": "string"}}}
  },
  "AuditHistory": {
    "type": "object", "required": ["asset_id", "asset_fqn", "total_runs", "runs"],
    "properties": {"asset_id": {"$ref": "#/components/schemas/Uuid"}, "asset_fqn": {"type": "string"},
      "total_runs": {"type": "integer", "minimum": 0},
      "runs": {"type": "array", "items": {"type": "object",
        "required": ["id", "status", "guarantees_checked", "guarantees_passed", "guarantees_failed", "triggered_by", "run_id", "run_at", "contract_version", "failed_guarantees"],
        "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "status": {"type": "string"},
          "guarantees_checked": {"type": "integer"}, "guarantees_passed": {"type": "integer"}, "guarantees_failed": {"type": "integer"},
          "triggered_by": {"type": "string"}, "run_id": {"type": ["string", "null"]},
          "run_at": {"$ref": "#/components/schemas/Timestamp"}, "contract_version": {"type": ["string", "null"]},
          "failed_guarantees": {"type": "array", "items": {"type": "string"}}}}}}
  },
  "DbtDownstream": {"type": "object", "description": "Added to a breaking model: its downstream radius.",
    "properties": {"downstream_assets": {"type": "integer", "minimum": 0},
      "affected_teams": {"type": "array", "items": {"type": "object", "required": ["team_id", "team_name", "assets", "has_registrations"],
        "properties": {"team_id": {"$ref": "#/components/schemas/Uuid"}, "team_name": {"type": ["string", "null"]},
          "assets": {"type": "integer", "minimum": 0}, "has_registrations": {"type": "boolean"}}}}}},
  "DbtImpact": {
    "type": "object", "description": "POST /sync/dbt/impact: each model against its asset's active contract; nothing is written.",
    "required": ["status", "total_models", "models_with_contracts", "breaking_changes_count", "results"],
    "properties": {"status": {"enum": ["success", "breaking_changes_detected"]},
      "total_models": {"type": "integer", "minimum": 0}, "models_with_contracts": {"type": "integer", "minimum": 0},
      "breaking_changes_count": {"type": "integer", "minimum": 0},
      "results": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/DbtDownstream"}, {"type": "object",
        "required": ["fqn", "node_id", "has_contract", "safe_to_publish", "change_type", "breaking_changes"],
        "properties": {"fqn": {"type": "string"}, "node_id": {"type": "string"}, "has_contract": {"type": "boolean"},
          "safe_to_publish": {"type": "boolean"}, "change_type": {"type": ["string", "null"]},
          "breaking_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}}}}]}}}
  },
  "DbtDiff": {
    "type": "object", "description": "POST /sync/dbt/diff: the manifest's changes per model; nothing is written.",
    "required": ["status", "summary", "blocking", "models", "warnings", "meta_errors"],
    "properties": {"status": {"enum": ["clean", "changes_detected", "breaking_changes_detected"]},
      "summary": {"type": "object", "required": ["new", "modified", "unchanged", "breaking"],
        "properties": {"new": {"type": "integer"}, "modified": {"type": "integer"}, "unchanged": {"type": "integer"}, "breaking": {"type": "integer"}}},
      "blocking": {"type": "boolean"},
      "models": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/DbtDownstream"}, {"type": "object",
        "required": ["fqn", "node_id", "change_type", "owner_team", "consumers_declared", "consumers_from_refs", "has_schema", "schema_change_type", "breaking_changes"],
        "properties": {"fqn": {"type": "string"}, "node_id": {"type": "string"}, "change_type": {"type": "string"},
          "owner_team": {"type": ["string", "null"]}, "consumers_declared": {"type": "integer"}, "consumers_from_refs": {"type": "integer"},
          "has_schema": {"type": "boolean"}, "schema_change_type": {"type": ["string", "null"]},
          "breaking_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}}}}]}},
      "warnings": {"type": "array", "items": {"type": "string"}},
      "meta_errors": {"type": "array", "items": {"type": "string"}}}
  },
  "Proposal": {
    "type": "object",
    "required": ["id", "asset_id", "proposed_schema", "change_type", "breaking_changes", "status", "proposed_by", "proposed_by_user_id", "proposed_at", "resolved_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "asset_id": {"$ref": "#/components/schemas/Uuid"},
      "proposed_schema": {"type": "object"}, "change_type": {"$ref": "#/components/schemas/ChangeType"},
      "breaking_changes": {"type": "array", "items": {"type": "object", "required": ["type"],
        "properties": {"type": {"type": "string"}, "column": {"type": ["string", "null"]}, "details": {"type": "object"}}}},
      "status": {"$ref": "#/components/schemas/ProposalStatus"},
      "proposed_by": {"$ref": "#/components/schemas/Uuid"},
      "proposed_by_user_id": {"$ref": "#/components/schemas/NullableUuid"},
      "proposed_at": {"$ref": "#/components/schemas/Timestamp"},
      "resolved_at": {"$ref": "#/components/schemas/NullableTimestamp"}}
  },
  "PublishResult": {
    "type": "object", "required": ["action"],
    "description": "POST /assets/{asset_id}/contracts (spec 02 §5.5): `published`, `force_published` or `proposal_created`.",
    "properties": {"action": {"enum": ["published", "force_published", "proposal_created"]},
      "change_type": {"$ref": "#/components/schemas/ChangeType"},
      "breaking_changes": {"type": "array", "items": {"$ref": "#/components/schemas/ChangeItem"}},
      "contract": {"$ref": "#/components/schemas/Contract"},
      "proposal": {"$ref": "#/components/schemas/Proposal"},
      "warning": {"type": "string"}, "message": {"type": "string"},
      "version_auto_generated": {"const": true}, "audit_warning": {"type": "string"}}
  },
  "Acknowledgment": {
    "type": "object",
    "required": ["id", "proposal_id", "consumer_team_id", "acknowledged_by_user_id", "response", "migration_deadline", "notes", "responded_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "proposal_id": {"$ref": "#/components/schemas/Uuid"},
      "consumer_team_id": {"$ref": "#/components/schemas/Uuid"},
      "acknowledged_by_user_id": {"$ref": "#/components/schemas/NullableUuid"},
      "response": {"$ref": "#/components/schemas/AcknowledgmentResponse"},
      "migration_deadline": {"$ref": "#/components/schemas/NullableTimestamp"},
      "notes": {"type": ["string", "null"]}, "responded_at": {"$ref": "#/components/schemas/Timestamp"}}
  },
  "ProposalPublishResult": {
    "type": "object", "required": ["action", "proposal_id", "contract", "deprecated_contract_id"],
    "properties": {"action": {"const": "published"}, "proposal_id": {"$ref": "#/components/schemas/Uuid"},
      "contract": {"$ref": "#/components/schemas/Contract"},
      "deprecated_contract_id": {"$ref": "#/components/schemas/NullableUuid"},
      "audit_warning": {"type": "string"}}
  },
  "Registration": {
    "type": "object",
    "required": ["id", "contract_id", "consumer_team_id", "pinned_version", "status", "registered_at", "acknowledged_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"}, "contract_id": {"$ref": "#/components/schemas/Uuid"},
      "consumer_team_id": {"$ref": "#/components/schemas/Uuid"}, "pinned_version": {"type": ["string", "null"]},
      "status": {"$ref": "#/components/schemas/RegistrationStatus"},
      "registered_at": {"$ref": "#/components/schemas/Timestamp"},
      "acknowledged_at": {"$ref": "#/components/schemas/NullableTimestamp"}}
  },
  "Dependency": {
    "type": "object", "required": ["id", "dependent_asset_id", "dependency_asset_id", "dependency_type", "created_at"],
    "properties": {"id": {"$ref": "#/components/schemas/Uuid"},
      "dependent_asset_id": {"$ref": "#/components/schemas/Uuid"},
      "dependency_asset_id": {"$ref": "#/components/schemas/Uuid"},
      "dependency_type": {"$ref": "#/components/schemas/DependencyType"},
      "created_at": {"$ref": "#/components/schemas/Timestamp"}}
  },
  "BlastRadius": {
    "type": "object", "required": ["asset_id", "fqn", "direction", "depth", "generation"],
    "description": "Default view: `assets`, `consumers`, `totals` (paged: `total`, `limit`, `offset`, `next_offset` too); view=summary: `total_assets`, `by_depth`, `teams`.",
    "properties": {"asset_id": {"$ref": "#/components/schemas/Uuid"}, "fqn": {"type": "string"},
      "direction": {"enum": ["downstream", "upstream"]}, "depth": {"type": "integer", "minimum": 1},
      "generation": {"type": "integer"},
      "assets": {"type": "array", "items": {"type": "object",
        "required": ["asset_id", "fqn", "depth", "dependency_type", "owner_team_id", "owner_team_name", "deleted"],
        "properties": {"asset_id": {"$ref": "#/components/schemas/Uuid"}, "fqn": {"type": "string"},
          "depth": {"type": "integer", "minimum": 1}, "dependency_type": {"type": "string"},
          "owner_team_id": {"$ref": "#/components/schemas/NullableUuid"}, "owner_team_name": {"type": ["string", "null"]},
          "deleted": {"type": "boolean"}}}},
      "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
      "next_offset": {"type": ["integer", "null"]},
      "consumers": {"type": "array", "items": {"type": "object",
        "required": ["team_id", "team_name", "status", "pinned_version", "depth"],
        "properties": {"team_id": {"$ref": "#/components/schemas/NullableUuid"}, "team_name": {"type": ["string", "null"]},
          "status": {"type": "string"}, "pinned_version": {"type": ["string", "null"]}, "depth": {"type": "integer"}}}},
      "totals": {"type": "object", "required": ["assets", "consumer_teams", "by_depth", "by_team"],
        "properties": {"assets": {"type": "integer"}, "consumer_teams": {"type": "integer"},
          "by_depth": {"type": "array", "items": {"type": "object", "required": ["depth", "assets"]}},
          "by_team": {"type": "array", "items": {"type": "object", "required": ["team_id", "team_name"]}}}},
      "total_assets": {"type": "integer"},
      "by_depth": {"type": "array", "items": {"type": "object"}},
      "teams": {"type": "array", "items": {"type": "object"}}}
  }
}
)json";
}

}  // namespace tessera::server
