#include "server/services/proposal_workflow.hpp"

#include <set>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/notification_messages.hpp"
#include "core/schema_validator.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "server/notify/notification_outbox.hpp"
#include "server/services/affected_consumers.hpp"
#include "server/services/audit_gate.hpp"
#include "server/services/permissions.hpp"
#include "server/services/proposal_notifications.hpp"
#include "server/services/write_effects.hpp"
#include "store/asset_repository.hpp"
#include "store/team_repository.hpp"

namespace tessera::server::services {
namespace {

using core::JsonWriter;

const char* kNoGuarantees =
    R"({"freshness":null,"volume":null,"nullability":null,"accepted_values":null})";

std::string assetFqnOf(RequestContext& context, const std::string& assetId) {
    const auto asset = store::AssetRepository(context.db).findIncludingDeleted(assetId);
    return asset ? asset->fqn : std::string();
}

store::ProposalRecord lockPendingProposal(store::ProposalRepository& proposals,
                                          const std::string& proposalId) {
    auto proposal = proposals.lock(proposalId);
    if (!proposal) throw core::proposalNotFound();
    if (proposal->status != "pending") throw core::proposalNotPending();
    return std::move(*proposal);
}

std::string responsePayload(const store::AcknowledgmentRecord& ack) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("response");
        core::writeString(w, ack.response);
        w.Key("notes");
        core::writeNullableString(w, ack.notes);
        w.EndObject();
    });
}

// A blocked response rejects the proposal, whoever sends it (03 §9.1).
void rejectProposal(RequestContext& context, const store::ProposalRecord& proposal,
                    const store::AcknowledgmentRecord& ack, const std::string& teamName,
                    const std::string& assetFqn) {
    store::ProposalRepository(context.db).resolve(proposal.id, "rejected");
    store::recordAuditEvent(context.db,
                            {"proposal", proposal.id, "proposal.rejected", ack.consumerTeamId,
                             R"({"reason":"Consumer blocked the proposal"})"});
    notifyProposalStatus(context, proposal, assetFqn, "rejected", ack.consumerTeamId);
    context.app.outbox->slack(context.db, "proposal.acknowledged",
                              core::slackAcknowledged(teamName, ack.response, assetFqn, ack.notes));
}

// The original's counts (03 §11.1): 0 without consumers; pending_count is its formula.
struct AcknowledgmentCounts {
    bool complete = true;
    int64_t acknowledged = 0;
    int64_t pending = 0;
};

AcknowledgmentCounts countAcknowledgments(RequestContext& context,
                                          const store::ProposalRecord& proposal) {
    const AffectedConsumers consumers = findAffectedConsumers(context.db, proposal.assetId);
    std::set<std::string> acknowledged;
    for (const auto& row : store::ProposalRepository(context.db).acknowledgments(proposal.id)) {
        acknowledged.insert(row.acknowledgment.consumerTeamId);
    }
    AcknowledgmentCounts counts;
    for (const auto& team : consumers.teams) {
        counts.complete = counts.complete && acknowledged.count(team);
    }
    counts.acknowledged =
        consumers.registrations.empty() ? 0 : static_cast<int64_t>(acknowledged.size());
    counts.pending = counts.complete ? 0 : counts.acknowledged - 1;
    return counts;
}

void approveProposal(RequestContext& context, const store::ProposalRecord& proposal,
                     const std::string& assetFqn, int64_t acknowledgedCount) {
    store::ProposalRepository(context.db).resolve(proposal.id, "approved");
    store::recordAuditEvent(context.db, {"proposal", proposal.id, "proposal.approved", std::nullopt,
                                         buildJson([&](JsonWriter& w) {
                                             w.StartObject();
                                             w.Key("acknowledged_count");
                                             w.Int64(acknowledgedCount);
                                             w.Key("auto_approved");
                                             w.Bool(true);
                                             w.EndObject();
                                         })});
    notifyProposalStatus(context, proposal, assetFqn, "approved", std::nullopt);
    context.app.outbox->slack(context.db, "proposal.approved", core::slackAllApproved(assetFqn));
}

// approved / migrating: approves the proposal once every affected team has acknowledged.
void recordApproval(RequestContext& context, const store::ProposalRecord& proposal,
                    const store::AcknowledgmentRecord& ack, const std::string& teamName,
                    const std::string& assetFqn) {
    const AcknowledgmentCounts counts = countAcknowledgments(context, proposal);
    NotificationOutbox& outbox = *context.app.outbox;
    if (outbox.webhooksEnabled()) {
        const core::AcknowledgmentEvent event{
            proposal.id,           proposal.assetId, assetFqn,
            ack.consumerTeamId,    teamName,         ack.response,
            ack.migrationDeadline, ack.notes,        counts.pending,
            counts.acknowledged};
        outbox.webhook(context.db, "proposal.acknowledged",
                       core::webhookBody(event, core::currentEpochMicros()));
    }
    outbox.slack(context.db, "proposal.acknowledged",
                 core::slackAcknowledged(teamName, ack.response, assetFqn, ack.notes));
    if (counts.complete) approveProposal(context, proposal, assetFqn, counts.acknowledged);
}

void requireValidProposedSchema(const store::ProposalRecord& proposal) {
    const rapidjson::Document schema = core::parseStoredJson(proposal.proposedSchemaJson);
    auto errors = core::validateJsonSchema(schema);
    if (errors.empty()) return;
    std::string joined;
    for (const auto& error : errors) joined += (joined.empty() ? "" : "; ") + error;
    throw core::badRequest(core::code::kInvalidSchema,
                           "Invalid schema in proposal: Invalid JSON Schema: " + joined);
}

}  // namespace

store::AcknowledgmentRecord acknowledgeProposal(RequestContext& context,
                                                const store::AcknowledgmentInsert& insert) {
    requireOwnTeamForProposal(context.auth, insert.consumerTeamId,
                              "You can only acknowledge proposals on behalf of your own team");
    store::ProposalRepository proposals(context.db);
    const store::ProposalRecord proposal = lockPendingProposal(proposals, insert.proposalId);
    const auto team = store::TeamRepository(context.db).findIncludingDeleted(insert.consumerTeamId);
    if (!team) throw core::notFound(core::code::kTeamNotFound, "Consumer team not found");
    requireExistingUser(context.db, insert.acknowledgedByUserId, "Acknowledging user not found");
    store::AcknowledgmentRecord ack;
    try {
        ack = proposals.insertAcknowledgment(insert);
    } catch (const store::UniqueViolation&) {
        throw core::conflict(core::code::kDuplicateAcknowledgment,
                             "Already acknowledged by this team");
    }
    store::recordAuditEvent(context.db, {"proposal", proposal.id, "proposal.acknowledged",
                                         ack.consumerTeamId, responsePayload(ack)});
    const std::string assetFqn = assetFqnOf(context, proposal.assetId);
    if (ack.response == "blocked") {
        rejectProposal(context, proposal, ack, team->name, assetFqn);
    } else {
        recordApproval(context, proposal, ack, team->name, assetFqn);
    }
    return ack;
}

store::ProposalRecord withdrawProposal(RequestContext& context, const std::string& proposalId) {
    store::ProposalRepository proposals(context.db);
    const auto proposal = proposals.lock(proposalId);
    if (!proposal) throw core::proposalNotFound();
    requireOwnTeamForProposal(context.auth, proposal->proposedBy,
                              "You can only withdraw your own proposals");
    if (proposal->status != "pending") throw core::proposalNotPending();
    const store::ProposalRecord withdrawn = proposals.resolve(proposalId, "withdrawn");
    // The original wrote no event here (03 §10); every write in this server leaves one.
    recordEvent(context, "proposal", proposalId, "proposal.withdrawn");
    notifyProposalStatus(context, withdrawn, assetFqnOf(context, withdrawn.assetId), "withdrawn",
                         std::nullopt);
    return withdrawn;
}

store::ProposalRecord forceApproveProposal(RequestContext& context, const std::string& proposalId,
                                           const std::string& actorId) {
    requireOwnTeamForProposal(context.auth, actorId,
                              "You can only force approve on behalf of your own team");
    store::ProposalRepository proposals(context.db);
    lockPendingProposal(proposals, proposalId);
    const store::ProposalRecord approved = proposals.resolve(proposalId, "approved");
    store::recordAuditEvent(
        context.db,
        {"proposal", proposalId, "proposal.force_approved", actorId,
         R"({"warning":"Proposal force-approved without full consumer acknowledgment"})"});
    notifyProposalStatus(context, approved, assetFqnOf(context, approved.assetId), "force_approved",
                         actorId);
    return approved;
}

ProposalPublication publishFromProposal(RequestContext& context,
                                        const PublishFromProposalRequest& request) {
    requireOwnTeamForProposal(context.auth, request.publishedBy,
                              "You can only publish on behalf of your own team");
    const auto proposal = store::ProposalRepository(context.db).lock(request.proposalId);
    if (!proposal) throw core::proposalNotFound();
    if (proposal->status != "approved") {
        throw core::badRequest(core::code::kProposalNotPending,
                               "Cannot publish from proposal with status '" + proposal->status +
                                   "'. Proposal must be approved first.");
    }
    requireValidProposedSchema(*proposal);
    // The asset row lock serialises this with direct publishes of the same asset.
    const auto asset = store::AssetRepository(context.db).lockIncludingDeleted(proposal->assetId);
    if (!asset) throw core::assetNotFound();
    requireExistingUser(context.db, request.publishedByUserId, "Publisher user not found");

    const auto current = store::ContractRepository(context.db).current(asset->id);
    const store::ContractInsert contract{
        asset->id, request.version, proposal->proposedSchemaJson,
        current ? current->compatibilityMode
                : std::string(core::compatibilityModeName(core::kDefaultCompatibilityMode)),
        // Guarantees kept on a strict proposal ship with it (issue 21); otherwise the current
        // contract's carry over, as in the original.
        proposal->proposedGuaranteesJson ? proposal->proposedGuaranteesJson
        : current                        ? current->guaranteesJson
                                         : std::optional<std::string>(kNoGuarantees),
        request.publishedBy, request.publishedByUserId};
    ActivationSpec spec;
    spec.changeType = proposal->changeType;
    spec.announcedProposalId = proposal->id;
    spec.assetFqn = asset->fqn;
    ProposalPublication publication{*proposal, activateContract(context, contract, current, spec),
                                    latestAuditWarning(context.db, asset->id)};
    return publication;
}

}  // namespace tessera::server::services
