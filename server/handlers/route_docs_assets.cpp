// Route documentation: assets and what hangs off them — contracts, audit runs, dependencies,
// lineage, impact and blast radius (spec 02 §4–§6, §9; spec 04 §2; issues 5 and 19).
#include "core/api_enums.hpp"
#include "core/audit_runs.hpp"
#include "core/error_codes.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/semver.hpp"
#include "server/handlers/assets.hpp"
#include "server/handlers/audit_runs.hpp"
#include "server/handlers/blast_radius.hpp"
#include "server/handlers/marquez_lineage.hpp"
#include "server/handlers/route_docs.hpp"

namespace tessera::server {
namespace {

using namespace doc;
namespace code = core::code;
namespace status = core::status;

const ResponseDoc kAssetNotFound =
    error(status::kNotFound, {code::kAssetNotFound}, "No such asset");
// The audit-run routes name the asset in a text-only 404 (code NOT_FOUND).
const ResponseDoc kAuditAssetNotFound =
    error(status::kNotFound, {code::kNotFound}, "No such asset");

std::string assetCreateBody(const Config& config) {
    return R"({"type":"object","required":["fqn","owner_team_id"],"properties":{"fqn":)" +
           stringSchema(3, static_cast<size_t>(config.maxFqnLength)) +
           R"(,"owner_team_id":{"type":"string","format":"uuid"},)"
           R"("owner_user_id":{"type":["string","null"],"format":"uuid"},"environment":)" +
           stringSchema(1, kMaxEnvironmentLength) + R"(,"guarantee_mode":)" +
           enumOf(core::kGuaranteeModes) + R"(,"metadata":{"type":"object"}}})";
}

std::string assetUpdateBody(const Config& config) {
    return R"({"type":"object","properties":{"fqn":)" +
           stringSchema(1, static_cast<size_t>(config.maxFqnLength)) +
           R"(,"owner_team_id":{"type":["string","null"],"format":"uuid"},)"
           R"("owner_user_id":{"type":["string","null"],"format":"uuid"},"environment":)" +
           stringSchema(1, kMaxEnvironmentLength) + R"(,"guarantee_mode":)" +
           enumOf(core::kGuaranteeModes) + R"(,"metadata":{"type":["object","null"]}}})";
}

std::string publishBody() {
    return R"({"type":"object","required":["schema"],"properties":{"schema":{"type":"object"},)"
           R"("version":{"type":["string","null"],"minLength":)" +
           std::to_string(core::kMinVersionLength) + R"(,"maxLength":)" +
           std::to_string(core::kMaxVersionLength) + R"(,"pattern":)" +
           core::jsonQuote(core::kContractVersionPattern) + R"(},"compatibility_mode":)" +
           enumOf(core::compatibilityModeNames()) + R"(,"guarantees":)" + ref("Guarantees") + "}}";
}

std::string auditRunBody() {
    return R"({"type":"object","required":["status","triggered_by"],"properties":{"status":)" +
           enumOf(core::kAuditRunStatuses) + R"(,"triggered_by":)" +
           stringSchema(1, kMaxTriggeredByLength) +
           R"(,"guarantees_checked":{"type":"integer","minimum":0},)"
           R"("guarantees_passed":{"type":"integer","minimum":0},)"
           R"("guarantees_failed":{"type":"integer","minimum":0},)"
           R"("guarantee_results":{"type":"array","maxItems":)" +
           std::to_string(core::kMaxGuaranteeResults) +
           R"(,"items":{"type":"object","required":["guarantee_id"]}},"details":{"type":"object"}}})";
}

// Publish → proposal: the main flow's first two steps.
const char* kPublishExample =
    R"({"version":"2.0.0","schema":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]},)"
    R"("compatibility_mode":"backward"})";
const char* kProposalCreatedExample =
    R"({"action":"proposal_created","change_type":"major","breaking_changes":[{"type":"property_removed",)"
    R"("path":"properties.email","message":"Property 'email' was removed","old_value":{"type":"string"},"new_value":null}],)"
    R"("proposal":{"id":"9b2f1c3e-0d4a-4c55-9f0e-2a7d6b8c1e11","asset_id":"5d7e3f0a-1b2c-4d3e-8f9a-0b1c2d3e4f50",)"
    R"("proposed_schema":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]},"change_type":"major",)"
    R"("breaking_changes":[{"type":"property_removed","column":null,"details":{}}],"status":"pending",)"
    R"("proposed_by":"3fa85f64-5717-4562-b3fc-2c963f66afa6","proposed_by_user_id":null,)"
    R"("proposed_at":"2026-01-05T10:00:00Z","resolved_at":null,)"
    R"("column_impact":{"columns":["email"],"assets":[{"asset_id":"7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e",)"
    R"("fqn":"warehouse.crm.mailing","depth":1,"owner_team_id":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",)"
    R"("owner_team_name":"crm","deleted":false,"all_columns":false,"affected_columns":["email_hash"]}],)"
    R"("teams":[{"team_id":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f","team_name":"crm","assets":1}],)"
    R"("assumed_all_columns":false}},)"
    R"("message":"Breaking change detected. Proposal created for consumer acknowledgment."})";
const char* kBlastRadiusExample =
    R"({"asset_id":"5d7e3f0a-1b2c-4d3e-8f9a-0b1c2d3e4f50","fqn":"warehouse.core.orders","direction":"downstream",)"
    R"("depth":5,"generation":42,"assets":[{"asset_id":"7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","fqn":"warehouse.marts.revenue",)"
    R"("depth":1,"dependency_type":"consumes","owner_team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6",)"
    R"("owner_team_name":"finance","deleted":false}],"consumers":[{"team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6",)"
    R"("team_name":"finance","status":"active","pinned_version":null,"depth":0}],)"
    R"("totals":{"assets":1,"consumer_teams":1,"by_depth":[{"depth":1,"assets":1,"consumer_teams":0,"active_registrations":0}],)"
    R"("by_team":[{"team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","team_name":"finance","owned_assets":1,)"
    R"("active_registrations":1,"consumer_depth":0}]}})";

ParamDoc depth(const Config& config) {
    return integer("depth", config.impactDepthDefault, 1, config.impactDepthMax,
                   "How many hops to follow (IMPACT_DEPTH_MAX)");
}

RouteDocs assets(const Config& config) {
    const ResponseDoc duplicate =
        error(status::kConflict, {code::kDuplicateAsset}, "(fqn, environment) taken");
    const ResponseDoc notOwner =
        error(status::kForbidden, {code::kUnauthorizedTeam}, "Another team's asset");
    return {
        {"POST /api/v1/assets",
         {.tag = "Assets",
          .summary = "Register a warehouse asset",
          .requestSchemaJson = assetCreateBody(config),
          .requestExampleJson =
              R"({"fqn":"warehouse.core.orders","owner_team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"})",
          .responses = {created(ref("Asset")), duplicate, notOwner,
                        error(status::kNotFound, {code::kTeamNotFound}, "No such owner team")}}},
        {"GET /api/v1/assets",
         paged({.tag = "Assets",
                .summary = "List assets",
                .query = {uuid("owner", "Owner team"), uuid("owner_user", "Owner user"),
                          flag("unowned", false, "Only assets without an owner user"),
                          text("fqn", "Substring of the FQN"),
                          text("environment", "Exact environment"),
                          text("sort_by", "fqn, created_at, …"),
                          text("sort_order", "asc (default) or desc")},
                .responses = {ok(ref("AssetPage"))}},
               config)},
        {"GET /api/v1/assets/search",
         paged({.tag = "Assets",
                .summary = "Search assets by FQN",
                .query = {[] {
                              ParamDoc q = text("q", "Substring of the FQN");
                              q.required = true;
                              q.minLength = 1;
                              return q;
                          }(),
                          uuid("owner", "Owner team"), text("environment", "Exact environment")},
                .responses = {ok(ref("Page"))}},
               config)},
        {"POST /api/v1/assets/bulk-assign",
         {.tag = "Assets",
          .summary = "Set the owner user of many assets",
          .requestSchemaJson =
              R"({"type":"object","required":["asset_ids"],"properties":{"asset_ids":{"type":"array","minItems":1,"items":{"type":"string","format":"uuid"}},"owner_user_id":{"type":["string","null"],"format":"uuid"}}})",
          .responses = {ok(ref("BulkAssignment")), error(status::kNotFound, {code::kNotFound},
                                                         "owner_user_id names no active user")}}},
        {"GET /api/v1/assets/{asset_id}",
         {.tag = "Assets",
          .summary = "Get an asset",
          .responses = {ok(ref("AssetDetail")), kAssetNotFound}}},
        {"PATCH /api/v1/assets/{asset_id}",
         {.tag = "Assets",
          .summary = "Update an asset",
          .requestSchemaJson = assetUpdateBody(config),
          .responses = {ok(ref("Asset")), kAssetNotFound, notOwner, duplicate}}},
        {"DELETE /api/v1/assets/{asset_id}",
         {.tag = "Assets",
          .summary = "Soft-delete an asset",
          .responses = {noContent(), kAssetNotFound, notOwner}}},
        {"POST /api/v1/assets/{asset_id}/restore",
         {.tag = "Assets",
          .summary = "Restore a deleted asset",
          .responses = {ok(ref("Asset")), kAssetNotFound}}},
    };
}

RouteDocs assetContracts(const Config& config) {
    return {
        {"POST /api/v1/assets/{asset_id}/contracts",
         {.tag = "Contracts",
          .summary = "Publish a contract (a breaking change opens a proposal)",
          .description = "Step 1 of the main flow: publish → proposal → acknowledge → publish. "
                         "Without `force`, a change that breaks the current contract's "
                         "compatibility mode is not published: the answer is "
                         "`proposal_created` and the consumers must acknowledge.",
          .query = {uuid("published_by", "The publishing team", true),
                    uuid("published_by_user_id", "The publishing user"),
                    flag("force", false, "Publish a breaking change anyway"),
                    flag("require_audit_pass", false, "Refuse unless the latest audit run passed"),
                    flag("dry_run", false, "Report the outcome, write nothing")},
          .requestSchemaJson = publishBody(),
          .requestExampleJson = kPublishExample,
          .responses =
              {created(ref("PublishResult")),
               ok(R"({"type":"object","required":["action","dry_run","message"],"properties":{"action":{"enum":["published","force_published","proposal_created"]},"dry_run":{"const":true},"breaking_changes":{"type":"array"},"version":{"type":"string"},"message":{"type":"string"}}})",
                  "dry_run=true: what the publish would do; nothing is written"),
               kAssetNotFound,
               error(status::kNotFound, {code::kTeamNotFound}, "No such publisher team"),
               error(status::kForbidden, {code::kUnauthorizedTeam}, "Another team's asset"),
               error(status::kBadRequest, {code::kInvalidSchema}, "Not a valid JSON Schema"),
               error(status::kConflict, {code::kVersionExists}, "Version taken"),
               error(status::kPreconditionFailed, {code::kAuditRequired, code::kAuditFailed},
                     "require_audit_pass and no passing audit run")},
          .responseExampleJson = kProposalCreatedExample}},
        {"GET /api/v1/assets/{asset_id}/contracts",
         paged({.tag = "Contracts",
                .summary = "An asset's contracts, newest first",
                .responses = {ok(pageOf("Contract")), kAssetNotFound}},
               config)},
        {"GET /api/v1/assets/{asset_id}/contracts/history",
         {.tag = "Contracts",
          .summary = "An asset's contract versions with their changes",
          .responses = {ok(ref("ContractHistory")), kAssetNotFound}}},
        {"GET /api/v1/assets/{asset_id}/contracts/diff",
         {.tag = "Contracts",
          .summary = "Diff two versions of an asset's contract",
          .query = {[] {
                        ParamDoc from = text("from_version", "Old version");
                        from.required = true;
                        return from;
                    }(),
                    [] {
                        ParamDoc to = text("to_version", "New version");
                        to.required = true;
                        return to;
                    }()},
          .responses = {ok(ref("ContractDiff")), kAssetNotFound,
                        error(status::kNotFound, {code::kContractNotFound}, "No such version")}}},
    };
}

RouteDocs auditRuns() {
    return {
        {"POST /api/v1/assets/{asset_id}/audit-results",
         {.tag = "Audit runs",
          .summary = "Report a data-quality (WAP) audit run",
          .requestSchemaJson = auditRunBody(),
          .responses = {ok(ref("AuditRunReport")), kAuditAssetNotFound}}},
        {"GET /api/v1/assets/{asset_id}/audit-history",
         {.tag = "Audit runs",
          .summary = "An asset's audit runs, newest first",
          .query = {integer("limit", kHistoryDefaultLimit, 1, kHistoryMaxLimit, "Runs to return"),
                    text("triggered_by", "Exact trigger"),
                    oneOf("status", core::kAuditRunStatuses, "Runs with this status")},
          .responses = {ok(ref("AuditHistory")), kAuditAssetNotFound}}},
        {"GET /api/v1/assets/{asset_id}/audit-trends",
         {.tag = "Audit runs",
          .summary = "Pass rates over 24 h / 7 d / 30 d, with alerts",
          .responses = {ok(ref("AuditTrends")), kAuditAssetNotFound}}},
    };
}

RouteDocs lineage(const Config& config) {
    return {
        {"POST /api/v1/assets/{asset_id}/dependencies",
         {.tag = "Lineage",
          .summary = "Declare that this asset depends on another",
          .requestSchemaJson =
              R"({"type":"object","required":["depends_on_asset_id"],"properties":{"depends_on_asset_id":{"type":"string","format":"uuid"},"dependency_type":)" +
              enumOf(core::kDependencyTypes) + "}}",
          .responses = {created(ref("Dependency")), kAssetNotFound,
                        error(status::kBadRequest, {code::kSelfDependency}, "Depends on itself"),
                        error(status::kConflict, {code::kDuplicateDependency}, "Already declared"),
                        error(status::kForbidden, {code::kInsufficientPermissions},
                              "Another team's asset")}}},
        {"GET /api/v1/assets/{asset_id}/dependencies",
         paged({.tag = "Lineage",
                .summary = "What this asset depends on",
                .responses = {ok(pageOf("Dependency")), kAssetNotFound}},
               config)},
        {"DELETE /api/v1/assets/{asset_id}/dependencies/{dependency_id}",
         {.tag = "Lineage",
          .summary = "Remove a dependency",
          .responses = {noContent(), kAssetNotFound,
                        error(status::kNotFound, {code::kDependencyNotFound},
                              "No such dependency")}}},
        {"POST /api/v1/lineage",
         {.tag = "Lineage",
          .summary = "Ingest OpenLineage events (RunEvent, JobEvent, DatasetEvent)",
          .description = "Marquez's path; datasets become assets and dependencies, the "
                         "columnLineage facet column mappings (docs/openlineage.md).",
          .requestSchemaJson = R"({"type":"object","description":"An OpenLineage event"})",
          .responses = {{status::kCreated, "Ingested (no body)", "", {}}}}},
        {"GET /api/v1/lineage",
         {.tag = "Lineage",
          .summary = "Marquez's lineage graph of a dataset or job node",
          .description = "Marquez's path and shape: the datasets the index reaches upstream and "
                         "downstream within `depth` edges, with the OpenLineage jobs that claim "
                         "the edges as job nodes between them (docs/openlineage.md).",
          .query = {[] {
                        ParamDoc node = text("nodeId",
                                             "dataset:<namespace>:<name> or "
                                             "job:<namespace>:<name>");
                        node.required = true;
                        return node;
                    }(),
                    integer("depth", kLineageGraphDepthDefault, 1, kLineageGraphDepthMax,
                            "Edges from the node, each way (Marquez's default)")},
          .responses =
              {ok(ref("LineageGraph")),
               error(status::kBadRequest, {code::kBadRequest}, "nodeId missing or malformed"),
               error(status::kNotFound, {code::kNotFound}, "No dataset or job with this nodeId")}}},
        {"GET /api/v1/assets/{asset_id}/lineage",
         {.tag = "Lineage",
          .summary = "Upstream and downstream neighbours",
          .description = "One level each way (query parameters such as `depth` are ignored); "
                         "cached up to 300 s.",
          .responses = {ok(ref("Lineage")), kAssetNotFound}}},
        {"POST /api/v1/assets/{asset_id}/impact",
         {.tag = "Lineage",
          .summary = "What a proposed schema would break, and for whom",
          .query = {depth(config), text("guarantees", "Proposed guarantees as a JSON object")},
          .requestSchemaJson =
              R"({"type":"object","description":"The proposed JSON Schema itself, or {\"proposed_schema\": <schema>}"})",
          .responses = {ok(ref("Impact")), kAssetNotFound,
                        error(status::kBadRequest, {code::kInvalidSchema},
                              "Not a valid JSON Schema")}}},
        {"GET /api/v1/assets/{asset_id}/blast-radius",
         {.tag = "Lineage",
          .summary = "Blast radius: every asset within depth, owners, consumers, totals",
          .description = "Answered from the in-memory index. `ETag` per index generation and view; "
                         "`If-None-Match` answers 304. `limit`/`offset` page `assets` "
                         "(not with view=summary).",
          .query = {[&] {
                        ParamDoc limit =
                            integer("limit", config.paginationLimitDefault, 1,
                                    config.paginationLimitMax, "Page size of `assets`");
                        limit.defaultJson.clear();  // unpaged unless given
                        return limit;
                    }(),
                    [] {
                        ParamDoc offset = integer("offset", 0, 0, 0, "Start of the page");
                        offset.maximum.reset();
                        offset.defaultJson.clear();
                        return offset;
                    }(),
                    depth(config),
                    text("columns",
                         "Comma-separated columns of the asset: the column-level "
                         "radius through the column mappings"),
                    [] {
                        ParamDoc p =
                            oneOf("direction", kBlastRadiusDirections, "Which way to walk");
                        p.defaultJson = core::jsonQuote(kBlastRadiusDirections.front());
                        return p;
                    }(),
                    [] {
                        ParamDoc p =
                            oneOf("view", kBlastRadiusViews, "full listing or totals only");
                        p.defaultJson = core::jsonQuote(kBlastRadiusViews.front());
                        return p;
                    }()},
          .responses = {ok(ref("BlastRadius")),
                        {status::kNotModified, "Not Modified", "", {}},
                        kAssetNotFound},
          .responseExampleJson = kBlastRadiusExample}},
    };
}

}  // namespace

RouteDocs assetRouteDocs(const Config& config) {
    RouteDocs docs = assets(config);
    docs.merge(assetContracts(config));
    docs.merge(auditRuns());
    docs.merge(lineage(config));
    return docs;
}

}  // namespace tessera::server
