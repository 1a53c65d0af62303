#include "server/handlers/route_table.hpp"

#include <iterator>
#include <string>

#include "server/handlers/api_docs.hpp"
#include "server/handlers/api_keys.hpp"
#include "server/handlers/assets.hpp"
#include "server/handlers/audit.hpp"
#include "server/handlers/audit_runs.hpp"
#include "server/handlers/blast_radius.hpp"
#include "server/handlers/contract_publishing.hpp"
#include "server/handlers/contracts.hpp"
#include "server/handlers/dbt_previews.hpp"
#include "server/handlers/dbt_sync.hpp"
#include "server/handlers/dependencies.hpp"
#include "server/handlers/git_sync.hpp"
#include "server/handlers/health.hpp"
#include "server/handlers/impact.hpp"
#include "server/handlers/marquez_lineage.hpp"
#include "server/handlers/metrics.hpp"
#include "server/handlers/openapi.hpp"
#include "server/handlers/openlineage.hpp"
#include "server/handlers/proposal_actions.hpp"
#include "server/handlers/proposals.hpp"
#include "server/handlers/registrations.hpp"
#include "server/handlers/schemas.hpp"
#include "server/handlers/teams.hpp"
#include "server/handlers/users.hpp"
#include "server/handlers/webhooks.hpp"
#include "server/web/login.hpp"
#include "server/web/pages.hpp"
#include "server/web/static_files.hpp"

namespace tessera::server {
namespace {

// Health, metrics, teams, users, API keys and the audit log (spec 01, 04 §1).
std::vector<Route> platformRoutes() {
    using A = AuthRequirement;
    using B = RateBucket;
    const BodyKind json = BodyKind::Json;
    const BodyKind none = BodyKind::None;
    const std::string api = "/api/v1";
    return {
        // Health (spec 01 §8): public, global rate limit only.
        {"GET", "/health", A::None, B::None, none, getHealth},
        {"GET", "/health/live", A::None, B::None, none, getHealthLive},
        {"GET", "/health/ready", A::None, B::None, none, getHealthReady},
        // Prometheus metrics: public like the health routes, global rate limit only.
        {"GET", "/metrics", A::None, B::None, none, getMetrics},
        // The API described (issue 18): public and read-only, global rate limit only.
        {"GET", "/openapi.json", A::None, B::None, none, getOpenApi},
        {"GET", "/docs", A::None, B::None, none, getApiDocs},
        {"GET", "/docs/{asset}", A::None, B::None, none, getApiDocsAsset},
        // Schema validation (spec 01 §13): public, global rate limit only.
        {"POST", api + "/schemas/validate", A::None, B::None, json, validateSchema},

        // Teams (spec 01 §10).
        {"POST", api + "/teams", A::TeamCreationGate, B::Write, json, createTeam},
        {"GET", api + "/teams", A::Read, B::Read, none, listTeams},
        {"GET", api + "/teams/{team_id}", A::Read, B::Read, none, getTeam},
        {"PATCH", api + "/teams/{team_id}", A::Admin, B::Write, json, updateTeam},
        {"PUT", api + "/teams/{team_id}", A::Admin, B::Write, json, updateTeam},
        {"DELETE", api + "/teams/{team_id}", A::Admin, B::Write, none, deleteTeam},
        {"POST", api + "/teams/{team_id}/restore", A::Admin, B::Write, none, restoreTeam},
        {"GET", api + "/teams/{team_id}/members", A::Read, B::Read, none, listTeamMembers},
        {"POST", api + "/teams/{team_id}/reassign-assets", A::Admin, B::Write, json,
         reassignTeamAssets},

        // Users (spec 01 §11).
        {"POST", api + "/users", A::Admin, B::Write, json, createUser},
        {"GET", api + "/users", A::Read, B::Read, none, listUsers},
        {"GET", api + "/users/{user_id}", A::Read, B::Read, none, getUser},
        {"PATCH", api + "/users/{user_id}", A::Admin, B::Write, json, updateUser},
        {"PUT", api + "/users/{user_id}", A::Admin, B::Write, json, updateUser},
        {"DELETE", api + "/users/{user_id}", A::Admin, B::Write, none, deactivateUser},
        {"POST", api + "/users/{user_id}/reactivate", A::Admin, B::Write, none, reactivateUser},

        // API keys (spec 01 §12).
        {"POST", api + "/api-keys", A::Admin, B::Admin, json, createApiKey},
        {"GET", api + "/api-keys", A::Authenticated, B::Admin, none, listApiKeys},
        {"GET", api + "/api-keys/{key_id}", A::Authenticated, B::Admin, none, getApiKey},
        {"DELETE", api + "/api-keys/{key_id}", A::Admin, B::Admin, none, revokeApiKey},

        // Audit log (spec 04 §1.4).
        {"GET", api + "/audit/events", A::Admin, B::Admin, none, listAuditEvents},
        {"GET", api + "/audit/events/{event_id}", A::Admin, B::Admin, none, getAuditEvent},
        {"GET", api + "/audit/entities/{entity_type}/{entity_id}/history", A::Admin, B::Admin, none,
         getEntityHistory},
    };
}

// Assets and what hangs off them: contracts, audit runs, lineage, blast radius (spec 02, 04 §2).
std::vector<Route> assetRoutes() {
    using A = AuthRequirement;
    using B = RateBucket;
    const BodyKind json = BodyKind::Json;
    const BodyKind none = BodyKind::None;
    const std::string api = "/api/v1";
    return {
        // Assets (spec 02 §4). Literal segments (search, bulk-assign) win over {asset_id}.
        {"POST", api + "/assets", A::Write, B::Write, json, createAsset},
        {"GET", api + "/assets", A::Read, B::Read, none, listAssets},
        {"GET", api + "/assets/search", A::Read, B::Read, none, searchAssets},
        {"POST", api + "/assets/bulk-assign", A::Admin, B::Write, json, bulkAssignAssets},
        {"GET", api + "/assets/{asset_id}", A::Read, B::Read, none, getAsset},
        {"PATCH", api + "/assets/{asset_id}", A::Write, B::Write, json, updateAsset},
        {"DELETE", api + "/assets/{asset_id}", A::Write, B::Write, none, deleteAsset},
        {"POST", api + "/assets/{asset_id}/restore", A::Admin, B::Write, none, restoreAsset},

        // Contracts of an asset (spec 02 §5, §6).
        {"POST", api + "/assets/{asset_id}/contracts", A::Write, B::Write, json, publishContract},
        {"GET", api + "/assets/{asset_id}/contracts", A::Read, B::Read, none, listAssetContracts},
        {"GET", api + "/assets/{asset_id}/contracts/history", A::Read, B::Read, none,
         getContractHistory},
        {"GET", api + "/assets/{asset_id}/contracts/diff", A::Read, B::Read, none,
         diffAssetContracts},

        // WAP audit runs (spec 04 §2): any valid credential, no scope, global limit only.
        {"POST", api + "/assets/{asset_id}/audit-results", A::Authenticated, B::None, json,
         reportAuditRun},
        {"GET", api + "/assets/{asset_id}/audit-history", A::Authenticated, B::None, none,
         getAuditHistory},
        {"GET", api + "/assets/{asset_id}/audit-trends", A::Authenticated, B::None, none,
         getAuditTrends},

        // Dependencies and lineage (spec 02 §9.1–9.4).
        {"POST", api + "/assets/{asset_id}/dependencies", A::Write, B::Write, json,
         createDependency},
        {"GET", api + "/assets/{asset_id}/dependencies", A::Read, B::Read, none, listDependencies},
        {"DELETE", api + "/assets/{asset_id}/dependencies/{dependency_id}", A::Write, B::Write,
         none, deleteDependency},
        {"GET", api + "/assets/{asset_id}/lineage", A::Read, B::Read, none, getLineage},
        // Blast radius (spec 02 §9.5, issue 5).
        {"POST", api + "/assets/{asset_id}/impact", A::Read, B::Read, json, analyzeImpact},
        {"GET", api + "/assets/{asset_id}/blast-radius", A::Read, B::Read, none, getBlastRadius},
    };
}

// Contracts, registrations, proposals and webhook deliveries (spec 02 §7–§8, 03 §9, 04 §3).
std::vector<Route> contractRoutes() {
    using A = AuthRequirement;
    using B = RateBucket;
    const BodyKind json = BodyKind::Json;
    const BodyKind none = BodyKind::None;
    const std::string api = "/api/v1";
    return {
        // Contracts (spec 02 §7).
        {"GET", api + "/contracts", A::Read, B::Read, none, listContracts},
        {"POST", api + "/contracts/compare", A::Read, B::Read, json, compareContracts},
        {"GET", api + "/contracts/{contract_id}", A::Read, B::Read, none, getContract},
        {"GET", api + "/contracts/{contract_id}/registrations", A::Read, B::Read, none,
         listContractRegistrations},

        // Registrations (spec 02 §8).
        {"POST", api + "/registrations", A::Write, B::Write, json, createRegistration},
        {"GET", api + "/registrations", A::Read, B::Read, none, listRegistrations},
        {"GET", api + "/registrations/{registration_id}", A::Read, B::Read, none, getRegistration},
        {"PATCH", api + "/registrations/{registration_id}", A::Write, B::Write, json,
         updateRegistration},
        {"DELETE", api + "/registrations/{registration_id}", A::Write, B::Write, none,
         deleteRegistration},

        // Proposals (spec 03 §9). Own-team rules R10–R13 are checked by the handlers.
        {"GET", api + "/proposals", A::Read, B::Read, none, listProposals},
        {"GET", api + "/proposals/{proposal_id}", A::Read, B::Read, none, getProposal},
        {"GET", api + "/proposals/{proposal_id}/status", A::Read, B::Read, none, getProposalStatus},
        {"POST", api + "/proposals/{proposal_id}/acknowledge", A::Write, B::Write, json,
         acknowledgeProposal},
        {"POST", api + "/proposals/{proposal_id}/withdraw", A::Write, B::Write, none,
         withdrawProposal},
        {"POST", api + "/proposals/{proposal_id}/force", A::Write, B::Write, none,
         forceApproveProposal},
        {"POST", api + "/proposals/{proposal_id}/publish", A::Write, B::Write, json,
         publishProposal},

        // Webhook deliveries (spec 04 §3.6).
        {"GET", api + "/webhooks/deliveries", A::Admin, B::Admin, none, listWebhookDeliveries},
        {"GET", api + "/webhooks/deliveries/{delivery_id}", A::Admin, B::Admin, none,
         getWebhookDelivery},

        // Git sync (spec 04 §4.1–§4.3): admin, no body.
        {"POST", api + "/sync/push", A::Admin, B::Admin, none, pushSync},
        {"POST", api + "/sync/pull", A::Admin, B::Admin, none, pullSync},
        // dbt sync (spec 04 §4.5–§4.8): admin; the previews write nothing. Bodies of the sync
        // routes may be as large as SYNC_MAX_BODY_BYTES.
        {"POST", api + "/sync/dbt", A::Admin, B::Admin, none, syncDbtFile},
        {"POST", api + "/sync/dbt/upload", A::Admin, B::Admin, json, uploadDbt},
        {"POST", api + "/sync/dbt/impact", A::Admin, B::Admin, json, previewDbtImpact},
        {"POST", api + "/sync/dbt/diff", A::Admin, B::Admin, json, previewDbtDiff},
        // OpenLineage events at Marquez's path (issue 20): write scope.
        {"POST", api + "/lineage", A::Write, B::Write, json, ingestLineageEvents},
        // Marquez's lineage graph of a dataset or job node, read back (issue 20): read scope.
        {"GET", api + "/lineage", A::Read, B::Read, none, getLineageGraph},
    };
}

// The web UI (spec 04 §5.1, §5.3): every route public to the pipeline, global rate limit only;
// the pages answer a missing session with 302 /login themselves.
std::vector<Route> webRoutes() {
    using A = AuthRequirement;
    using B = RateBucket;
    using S = store::PageSubject;
    const BodyKind none = BodyKind::None;  // POST /login reads its form itself
    const auto page = [](web::PageSpec spec) { return web::pageHandler(spec); };
    return {
        {"GET", "/login", A::None, B::None, none, web::getLogin},
        {"POST", "/login", A::None, B::None, none, web::postLogin},
        {"GET", "/logout", A::None, B::None, none, web::getLogout},

        {"GET", "/", A::None, B::None, none, page({.page = "dashboard", .title = "Dashboard"})},
        {"GET", "/users", A::None, B::None, none, page({.page = "users", .title = "Users"})},
        {"GET", "/users/{id}", A::None, B::None, none,
         page({.page = "user", .title = "User", .subject = S::User})},
        {"GET", "/teams", A::None, B::None, none, page({.page = "teams", .title = "Teams"})},
        {"GET", "/teams/{id}", A::None, B::None, none,
         page({.page = "team", .title = "Team", .subject = S::Team})},
        {"GET", "/assets", A::None, B::None, none, page({.page = "assets", .title = "Assets"})},
        {"GET", "/assets/{id}", A::None, B::None, none,
         page({.page = "asset", .title = "Asset", .subject = S::Asset, .drawsGraph = true})},
        {"GET", "/contracts", A::None, B::None, none,
         page({.page = "contracts", .title = "Contracts"})},
        {"GET", "/contracts/{id}", A::None, B::None, none,
         page({.page = "contract", .title = "Contract", .subject = S::Contract})},
        {"GET", "/proposals", A::None, B::None, none,
         page({.page = "proposals", .title = "Proposals"})},
        {"GET", "/proposals/{id}", A::None, B::None, none,
         page({.page = "proposal",
               .title = "Proposal",
               .subject = S::Proposal,
               .drawsGraph = true})},
        {"GET", "/import", A::None, B::None, none, page({.page = "import", .title = "Import"})},
        {"GET", "/settings", A::None, B::None, none,
         page({.page = "settings", .title = "Settings"})},
        {"GET", "/admin/audit", A::None, B::None, none,
         page({.page = "audit", .title = "Audit Log", .adminOnly = true})},

        // The stylesheet, scripts and logo, and the installed graph library.
        {"GET", "/static/{path...}", A::None, B::None, none, web::getStaticFile},
        {"GET", "/static/vendor/{path...}", A::None, B::None, none, web::getVendorFile},
    };
}

}  // namespace

std::vector<Route> buildWebRouteTable() {
    return webRoutes();
}

std::vector<Route> buildServedRoutes() {
    std::vector<Route> routes = buildRouteTable();
    std::vector<Route> web = buildWebRouteTable();
    routes.insert(routes.end(), std::make_move_iterator(web.begin()),
                  std::make_move_iterator(web.end()));
    return routes;
}

std::vector<Route> buildRouteTable() {
    std::vector<Route> routes = platformRoutes();
    for (auto* group : {assetRoutes, contractRoutes}) {
        std::vector<Route> more = group();
        routes.insert(routes.end(), std::make_move_iterator(more.begin()),
                      std::make_move_iterator(more.end()));
    }
    return routes;
}

}  // namespace tessera::server
