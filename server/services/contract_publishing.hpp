// Contract publishing (spec 02 §5, 03 §9.9): the one place that makes a contract version active.
// Direct publishing decides between publishing, force-publishing and opening a proposal;
// publishing from an approved proposal skips the decision. Both end in activateContract(), and
// their differences (which audit action, which webhook, how a version clash reads) are the
// fields of ActivationSpec.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "core/schema_diff.hpp"
#include "core/semver.hpp"
#include "server/services/guarantee_evaluation.hpp"
#include "store/contract_repository.hpp"
#include "store/proposal_repository.hpp"

namespace tessera::server {
class RequestContext;
}

namespace tessera::server::services {

// How one activation differs from another.
struct ActivationSpec {
    // contract.force_published instead of contract.published, and "force": true in its payload.
    bool forced = false;
    // The audit payload's change_type: null on a first publish.
    std::optional<std::string> changeType;
    // Publishing from a proposal announces the contract with the contract.published webhook
    // (spec 04 §3.2, carrying the proposal's id); a direct publish sends none.
    std::optional<std::string> announcedProposalId;
    std::string assetFqn;  // for the webhook
};

struct ActivatedContract {
    store::ContractRecord contract;
    std::optional<store::ContractRecord> deprecated;  // the contract it replaced
};

// Deprecates `current` (if any) and inserts `contract` as the asset's active one, in the
// request's transaction; records the audit event, the index and cache effects and the webhook.
// The asset row must already be locked by the caller. A clash with an existing version (two
// publishes racing) is 409 VERSION_EXISTS.
ActivatedContract activateContract(RequestContext& context, const store::ContractInsert& contract,
                                   const std::optional<store::ContractRecord>& current,
                                   const ActivationSpec& spec);

// ---- Direct publishing (POST /assets/{id}/contracts) ----

struct PublishRequest {
    std::string assetId;
    std::string publishedBy;
    std::optional<std::string> publishedByUserId;
    bool force = false;
    bool requireAuditPass = false;
    // Decide as a publish would (every check, every error), then stop before the first write:
    // no contract, proposal, audit event, notification, index or cache effect (issue 18).
    bool dryRun = false;
    std::optional<std::string> version;
    const rapidjson::Value* schema = nullptr;  // inside the request's body document
    std::string compatibilityMode;
    std::optional<std::string> guaranteesJson;  // normalised to the four keys
};

// The new schema against the current contract, under the current contract's mode (02 §5.4).
struct SchemaEvaluation {
    core::SchemaDiff diff;
    std::vector<core::SchemaChange> breaking;
};

// Everything one publish decided, for the response.
struct PublishOutcome {
    core::PublishAction action = core::PublishAction::Published;
    std::optional<store::ContractRecord> previous;  // the current contract, if any
    std::optional<SchemaEvaluation> evaluation;     // absent on a first publish
    // The guarantees against the current contract's under the asset's guarantee_mode: absent
    // on a first publish and under `ignore` (issue 21).
    std::optional<GuaranteeEvaluation> guarantees;
    core::ResolvedVersion version;
    std::optional<std::string> auditWarning;
    // Set when action is Published or ForcePublished, unless the request was a dry run.
    std::optional<store::ContractRecord> created;
    // Set when action is ProposalCreated, unless the request was a dry run.
    std::optional<store::ProposalRecord> proposal;
};

// Checks the request against the asset, its audits and its current contract, then publishes,
// force-publishes or opens a proposal (outcomes A–D of 02 §5). Compatible means the schema
// and the guarantees (03 §6.3: breaking only under strict) both are.
PublishOutcome publishContract(RequestContext& context, const PublishRequest& request);

}  // namespace tessera::server::services
