// Route documentation: contracts, registrations, proposals, webhook deliveries and sync
// (spec 02 §7–§8, spec 03 §9, spec 04 §3.6, §4).
#include "core/api_enums.hpp"
#include "core/error_codes.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/semver.hpp"
#include "server/handlers/proposal_actions.hpp"
#include "server/handlers/route_docs.hpp"

namespace tessera::server {
namespace {

using namespace doc;
namespace code = core::code;
namespace status = core::status;

const ResponseDoc kContractNotFound =
    error(status::kNotFound, {code::kContractNotFound}, "No such contract");
const ResponseDoc kRegistrationNotFound =
    error(status::kNotFound, {code::kRegistrationNotFound}, "No such registration");
const ResponseDoc kProposalNotFound =
    error(status::kNotFound, {code::kProposalNotFound}, "No such proposal");
const ResponseDoc kNotPending =
    error(status::kBadRequest, {code::kProposalNotPending}, "The proposal is no longer pending");
const ResponseDoc kNotYourTeam = error(status::kForbidden, {code::kForbidden},
                                       "On behalf of another team (details.code "
                                       "INSUFFICIENT_PERMISSIONS)");

std::string acknowledgeBody() {
    return R"({"type":"object","required":["consumer_team_id","response"],"properties":{)"
           R"("consumer_team_id":{"type":"string","format":"uuid"},"response":)" +
           enumOf(core::kAcknowledgmentResponses) +
           R"(,"migration_deadline":{"type":["string","null"],"format":"date-time"},)"
           R"("notes":{"type":["string","null"],"maxLength":)" +
           std::to_string(kMaxNotesLength) +
           R"(},"acknowledged_by_user_id":{"type":["string","null"],"format":"uuid"}}})";
}

const char* kProposalPublishBody =
    R"({"type":"object","required":["version","published_by"],"properties":{"version":{"type":"string"},)"
    R"("published_by":{"type":"string","format":"uuid"},"published_by_user_id":{"type":["string","null"],"format":"uuid"}}})";

std::string registrationCreateBody() {
    return R"({"type":"object","required":["consumer_team_id"],"properties":{)"
           R"("consumer_team_id":{"type":"string","format":"uuid"},)"
           R"("pinned_version":{"type":["string","null"],"pattern":)" +
           core::jsonQuote(core::kPinnedVersionPattern) + "}}}";
}

std::string registrationUpdateBody() {
    return R"({"type":"object","properties":{"pinned_version":{"type":["string","null"]},"status":)" +
           enumOf(core::kRegistrationStatuses) + "}}";
}

std::string compareBody() {
    return R"({"type":"object","required":["contract_id_1","contract_id_2"],"properties":{)"
           R"("contract_id_1":{"type":"string","format":"uuid"},"contract_id_2":{"type":"string","format":"uuid"},)"
           R"("compatibility_mode":)" +
           enumOf(core::compatibilityModeNames()) + "}}";
}

// Acknowledge → publish: the main flow's last two steps.
const char* kAcknowledgeExample =
    R"({"consumer_team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","response":"approved","notes":"Will migrate by Q2"})";
const char* kAcknowledgmentExample =
    R"({"id":"0e4c8a51-6b7d-4f2e-9a3b-1c5d7e9f0a2b","proposal_id":"9b2f1c3e-0d4a-4c55-9f0e-2a7d6b8c1e11",)"
    R"("consumer_team_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","acknowledged_by_user_id":null,"response":"approved",)"
    R"("migration_deadline":null,"notes":"Will migrate by Q2","responded_at":"2026-01-05T11:00:00Z"})";
const char* kProposalPublishExample =
    R"({"version":"2.0.0","published_by":"6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"})";

RouteDocs contracts(const Config& config) {
    return {
        {"GET /api/v1/contracts",
         paged({.tag = "Contracts",
                .summary = "List contracts",
                .query = {uuid("asset_id", "Contracts of this asset"),
                          oneOf("status", core::kContractStatuses, "Contracts with this status"),
                          text("version", "Substring of the version")},
                .responses = {ok(pageOf("Contract"))}},
               config)},
        {"POST /api/v1/contracts/compare",
         {.tag = "Contracts",
          .summary = "Diff two contracts",
          .requestSchemaJson = compareBody(),
          .responses = {ok(ref("ContractCompare")), kContractNotFound}}},
        {"GET /api/v1/contracts/{contract_id}",
         {.tag = "Contracts",
          .summary = "Get a contract (the schema under `schema`)",
          .responses = {ok(ref("ContractEntity")), kContractNotFound}}},
        {"GET /api/v1/contracts/{contract_id}/registrations",
         paged({.tag = "Registrations",
                .summary = "Registrations on a contract",
                .responses = {ok(pageOf("Registration")), kContractNotFound}},
               config)},
    };
}

RouteDocs registrations(const Config& config) {
    const ResponseDoc notYours =
        error(status::kForbidden, {code::kInsufficientPermissions}, "Another team's registration");
    return {
        {"POST /api/v1/registrations",
         {.tag = "Registrations",
          .summary = "Register a consumer team on a contract",
          .query = {uuid("contract_id", "The contract to consume", true)},
          .requestSchemaJson = registrationCreateBody(),
          .responses = {created(ref("Registration")), kContractNotFound, notYours,
                        error(status::kNotFound, {code::kTeamNotFound}, "No such consumer team")}}},
        {"GET /api/v1/registrations",
         paged({.tag = "Registrations",
                .summary = "List registrations",
                .query = {uuid("consumer_team_id", "Registrations of this team"),
                          uuid("contract_id", "Registrations on this contract"),
                          oneOf("status", core::kRegistrationStatuses, "With this status")},
                .responses = {ok(pageOf("Registration"))}},
               config)},
        {"GET /api/v1/registrations/{registration_id}",
         {.tag = "Registrations",
          .summary = "Get a registration",
          .responses = {ok(ref("Registration")), kRegistrationNotFound}}},
        {"PATCH /api/v1/registrations/{registration_id}",
         {.tag = "Registrations",
          .summary = "Update a registration",
          .requestSchemaJson = registrationUpdateBody(),
          .responses = {ok(ref("Registration")), kRegistrationNotFound, notYours}}},
        {"DELETE /api/v1/registrations/{registration_id}",
         {.tag = "Registrations",
          .summary = "Delete a registration",
          .responses = {noContent(), kRegistrationNotFound, notYours}}},
    };
}

RouteDocs proposals() {
    return {
        {"GET /api/v1/proposals",
         fixedPaged({.tag = "Proposals",
                     .summary = "List proposals, newest first",
                     .query = {uuid("asset_id", "Proposals for this asset"),
                               oneOf("status", core::kProposalStatuses, "With this status"),
                               uuid("proposed_by", "Proposed by this team")},
                     .responses = {ok(pageOf("ProposalListItem"))}})},
        {"GET /api/v1/proposals/{proposal_id}",
         {.tag = "Proposals",
          .summary = "Get a proposal",
          .responses = {ok(ref("Proposal")), kProposalNotFound}}},
        {"GET /api/v1/proposals/{proposal_id}/status",
         {.tag = "Proposals",
          .summary = "Who has acknowledged, who is pending",
          .responses = {ok(ref("ProposalProgress")), kProposalNotFound}}},
        {"POST /api/v1/proposals/{proposal_id}/acknowledge",
         {.tag = "Proposals",
          .summary = "Acknowledge a proposal for a consumer team",
          .description = "Step 2 of the main flow. `blocked` rejects the proposal; once every "
                         "affected consumer has answered `approved` or `migrating` it is approved.",
          .requestSchemaJson = acknowledgeBody(),
          .requestExampleJson = kAcknowledgeExample,
          .responses = {created(ref("Acknowledgment")), kProposalNotFound, kNotPending,
                        kNotYourTeam,
                        error(status::kNotFound, {code::kTeamNotFound}, "No such consumer team"),
                        error(status::kConflict, {code::kDuplicateAcknowledgment},
                              "Already acknowledged by this team")},
          .responseExampleJson = kAcknowledgmentExample}},
        {"POST /api/v1/proposals/{proposal_id}/withdraw",
         {.tag = "Proposals",
          .summary = "Withdraw a pending proposal",
          .responses = {ok(ref("Proposal")), kProposalNotFound, kNotPending, kNotYourTeam}}},
        {"POST /api/v1/proposals/{proposal_id}/force",
         {.tag = "Proposals",
          .summary = "Approve a pending proposal without acknowledgments",
          .query = {uuid("actor_id", "The approving team", true)},
          .responses = {ok(ref("Proposal")), kProposalNotFound, kNotPending, kNotYourTeam}}},
        {"POST /api/v1/proposals/{proposal_id}/publish",
         {.tag = "Proposals",
          .summary = "Publish an approved proposal as the new contract",
          .description = "Step 3 of the main flow: the approved schema becomes the active "
                         "contract and the previous one is deprecated.",
          .requestSchemaJson = kProposalPublishBody,
          .requestExampleJson = kProposalPublishExample,
          .responses = {ok(ref("ProposalPublishResult")), kProposalNotFound,
                        error(status::kBadRequest,
                              {code::kProposalNotPending, code::kInvalidSchema},
                              "Not approved, or its schema is not valid"),
                        kNotYourTeam,
                        error(status::kNotFound, {code::kAssetNotFound}, "The asset is gone")}}},
    };
}

RouteDocs deliveriesAndSync() {
    const char* manifestBody =
        R"({"type":"object","required":["manifest"],"properties":{"manifest":{"type":"object","description":"A dbt manifest.json"},)"
        R"("owner_team_id":{"type":["string","null"],"format":"uuid"}}})";
    // Spec 04 §4.6: the manifest, its default owner and what the upload may do beyond assets.
    const char* uploadBody =
        R"({"type":"object","required":["manifest"],"properties":{"manifest":{"type":"object","description":"A dbt manifest.json"},)"
        R"("owner_team_id":{"type":["string","null"],"format":"uuid"},)"
        R"("conflict_mode":{"type":"string","enum":["ignore","overwrite","fail"],"default":"ignore"},)"
        R"("auto_publish_contracts":{"type":"boolean","default":false},)"
        R"("auto_create_proposals":{"type":"boolean","default":false},)"
        R"("auto_register_consumers":{"type":"boolean","default":false},)"
        R"("infer_consumers_from_refs":{"type":"boolean","default":true}}})";
    const ResponseDoc syncPath =
        error(status::kNotFound, {code::kSyncPathNotFound}, "GIT_SYNC_PATH is not a directory");
    const ResponseDoc notConfigured =
        error(status::kBadRequest, {code::kBadRequest},
              "GIT_SYNC_PATH not configured, unreadable, or a sync file that does not parse");
    return {
        {"GET /api/v1/webhooks/deliveries",
         fixedPaged({.tag = "Webhooks",
                     .summary = "Outbound webhook deliveries, newest first",
                     .query = {oneOf("status", core::kWebhookDeliveryStatuses, "With this status"),
                               text("event_type", "e.g. proposal.created")},
                     .responses = {ok(ref("WebhookDeliveryList"))}})},
        {"GET /api/v1/webhooks/deliveries/{delivery_id}",
         {.tag = "Webhooks",
          .summary = "One webhook delivery",
          .responses = {ok(ref("WebhookDelivery")),
                        error(status::kNotFound, {code::kNotFound}, "No such delivery")}}},
        {"POST /api/v1/sync/push",
         {.tag = "Sync",
          .summary = "Write teams and assets as YAML files to GIT_SYNC_PATH",
          .responses = {ok(ref("GitSyncPush")), notConfigured}}},
        {"POST /api/v1/sync/pull",
         {.tag = "Sync",
          .summary = "Read teams and assets from the YAML files of GIT_SYNC_PATH",
          .responses = {ok(ref("GitSyncPull")),
                        syncPath,
                        notConfigured,
                        {status::kUnprocessableEntity,
                         "A sync file with a missing key, a bad UUID or a bad enum value",
                         "",
                         {code::kValidationError}}}}},
        {"POST /api/v1/sync/dbt",
         {.tag = "Sync",
          .summary = "Sync a dbt manifest file on the server",
          .query = {[] {
                        ParamDoc path = text("manifest_path", "Server-local path of manifest.json");
                        path.required = true;
                        return path;
                    }(),
                    uuid("owner_team_id", "Team owning the created assets", true)},
          .responses = {ok(ref("DbtFileSync")),
                        error(status::kNotFound, {code::kManifestNotFound, code::kTeamNotFound},
                              "No such manifest file, or a new asset's owner team does not exist"),
                        error(status::kPayloadTooLarge, {code::kPayloadTooLarge},
                              "The file is larger than SYNC_MAX_BODY_BYTES")}}},
        {"POST /api/v1/sync/dbt/upload",
         {.tag = "Sync",
          .summary = "Upload a dbt manifest: assets, contracts, consumers, lineage",
          .requestSchemaJson = uploadBody,
          .responses = {ok(ref("DbtUpload")),
                        error(status::kBadRequest, {code::kBadRequest}, "An unknown conflict_mode"),
                        error(status::kNotFound, {code::kTeamNotFound},
                              "A new asset's owner team does not exist"),
                        error(status::kConflict, {code::kBadRequest},
                              "conflict_mode=fail and some assets exist (details.conflicts)")}}},
        {"POST /api/v1/sync/dbt/impact",
         {.tag = "Sync",
          .summary = "Preview: what a manifest would break (writes nothing)",
          .requestSchemaJson = manifestBody,
          .responses = {ok(ref("DbtImpact"))}}},
        {"POST /api/v1/sync/dbt/diff",
         {.tag = "Sync",
          .summary = "Preview: the manifest's changes per model (writes nothing)",
          .requestSchemaJson = manifestBody,
          .responses = {ok(ref("DbtDiff"))}}},
    };
}

}  // namespace

RouteDocs contractRouteDocs(const Config& config) {
    RouteDocs docs = contracts(config);
    docs.merge(registrations(config));
    docs.merge(proposals());
    docs.merge(deliveriesAndSync());
    return docs;
}

}  // namespace tessera::server
