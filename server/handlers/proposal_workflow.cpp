// The proposal state machine (spec 03 §9.2): acknowledge, withdraw, force, publish. Each
// transition locks the proposal row first, so concurrent acknowledgments, a withdraw racing an
// acknowledgment, or two publishes run one after the other and end in one consistent state.
#include "core/errors.hpp"
#include "core/schema_validator.hpp"
#include "core/semver.hpp"
#include "core/timestamp.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/services/proposal_support.hpp"
#include "server/handlers/proposals.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/write_effects.hpp"
#include "store/asset_repository.hpp"
#include "store/audit_run_repository.hpp"
#include "store/team_repository.hpp"
#include "store/user_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

const std::vector<std::string> kResponses = {"approved", "blocked", "migrating"};
constexpr size_t kMaxNotesLength = 2000;

std::string assetFqnOf(RequestContext& context, const std::string& assetId) {
    const auto asset = store::AssetRepository(context.db).findIncludingDeleted(assetId);
    return asset ? asset->fqn : std::string();
}

// ---- Acknowledge (03 §9.6) ----

struct AcknowledgeRequest {
    std::string proposalId;
    store::AcknowledgmentInsert acknowledgment;
};

AcknowledgeRequest parseAcknowledge(RequestContext& context) {
    RequestValidator validate(context);
    AcknowledgeRequest request;
    request.proposalId = validate.pathUuid("proposal_id");
    store::AcknowledgmentInsert& ack = request.acknowledgment;
    if (const rapidjson::Value* body = validate.modelBody()) {
        ack.consumerTeamId =
            validate.uuidField(*body, "consumer_team_id", {}, Presence::Required).value_or("");
        ack.response =
            validate.enumField(*body, "response", {}, Presence::Required, kResponses).value_or("");
        ack.migrationDeadline =
            validate.datetimeField(*body, "migration_deadline", {}, Presence::Nullable);
        ack.notes =
            validate.stringField(*body, "notes", {}, {Presence::Nullable, 0, kMaxNotesLength});
        ack.acknowledgedByUserId =
            validate.uuidField(*body, "acknowledged_by_user_id", {}, Presence::Nullable);
    }
    validate.finish();
    ack.proposalId = request.proposalId;
    return request;
}

HttpResponse acknowledgmentResponse(const store::AcknowledgmentRecord& ack) {
    return jsonResponseWith(201, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("id");
        core::writeString(w, ack.id);
        w.Key("proposal_id");
        core::writeString(w, ack.proposalId);
        w.Key("consumer_team_id");
        core::writeString(w, ack.consumerTeamId);
        w.Key("acknowledged_by_user_id");
        core::writeNullableString(w, ack.acknowledgedByUserId);
        w.Key("response");
        core::writeString(w, ack.response);
        w.Key("migration_deadline");
        core::writeNullableTimestamp(w, ack.migrationDeadline);
        w.Key("notes");
        core::writeNullableString(w, ack.notes);
        w.Key("responded_at");
        core::writeString(w, core::formatTimestamp(ack.respondedAt));
        // Additive (00-decisions): the published SDK reads acknowledged_at.
        w.Key("acknowledged_at");
        core::writeString(w, core::formatTimestamp(ack.respondedAt));
        w.EndObject();
    });
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

// approved / migrating: approves the proposal once every affected team has acknowledged.
void recordApproval(RequestContext& context, const store::ProposalRecord& proposal,
                    const store::AcknowledgmentRecord& ack, const std::string& teamName,
                    const std::string& assetFqn) {
    store::ProposalRepository proposals(context.db);
    const AffectedConsumers consumers = findAffectedConsumers(context.db, proposal.assetId);
    std::set<std::string> acknowledged;
    for (const auto& row : proposals.acknowledgments(proposal.id)) {
        acknowledged.insert(row.acknowledgment.consumerTeamId);
    }
    bool complete = true;
    for (const auto& team : consumers.teams) complete = complete && acknowledged.count(team);
    // The original's counts (03 §11.1): 0 without consumers; pending_count is its formula.
    const int64_t acknowledgedCount =
        consumers.registrations.empty() ? 0 : static_cast<int64_t>(acknowledged.size());
    const int64_t pendingCount = complete ? 0 : acknowledgedCount - 1;

    NotificationOutbox& outbox = *context.app.outbox;
    if (outbox.webhooksEnabled()) {
        const core::AcknowledgmentEvent event{
            proposal.id,  proposal.assetId,      assetFqn,  ack.consumerTeamId, teamName,
            ack.response, ack.migrationDeadline, ack.notes, pendingCount,       acknowledgedCount};
        outbox.webhook(context.db, "proposal.acknowledged",
                       core::webhookBody(event, core::currentEpochMicros()));
    }
    outbox.slack(context.db, "proposal.acknowledged",
                 core::slackAcknowledged(teamName, ack.response, assetFqn, ack.notes));
    if (!complete) return;

    proposals.resolve(proposal.id, "approved");
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
    outbox.slack(context.db, "proposal.approved", core::slackAllApproved(assetFqn));
}

// ---- Publish (03 §9.9) ----

struct PublishFromProposalRequest {
    std::string proposalId;
    std::string version;
    std::string publishedBy;
    std::optional<std::string> publishedByUserId;
};

PublishFromProposalRequest parsePublish(RequestContext& context) {
    RequestValidator validate(context);
    PublishFromProposalRequest request;
    request.proposalId = validate.pathUuid("proposal_id");
    if (const rapidjson::Value* body = validate.modelBody()) {
        // The original accepted any string (03 §14); here it follows the publishing rules, so
        // the next automatic version can be derived from it and it fits the column.
        auto version = validate.stringField(
            *body, "version", {},
            {Presence::Required, core::kMinVersionLength, core::kMaxVersionLength});
        if (version && core::checkContractVersion(*version) != core::VersionFormatError::None) {
            validate.patternMismatch(RequestValidator::bodyLoc({}, "version"),
                                     core::kContractVersionPattern, core::jsonQuote(*version));
        }
        request.version = version.value_or("");
        request.publishedBy =
            validate.uuidField(*body, "published_by", {}, Presence::Required).value_or("");
        request.publishedByUserId =
            validate.uuidField(*body, "published_by_user_id", {}, Presence::Nullable);
    }
    validate.finish();
    return request;
}

const char* kNoGuarantees =
    R"({"freshness":null,"volume":null,"nullability":null,"accepted_values":null})";

}  // namespace

HttpResponse acknowledgeProposal(RequestContext& context) {
    const AcknowledgeRequest request = parseAcknowledge(context);
    const store::AcknowledgmentInsert& insert = request.acknowledgment;
    requireOwnTeamForProposal(context.auth, insert.consumerTeamId,
                              "You can only acknowledge proposals on behalf of your own team");
    store::ProposalRepository proposals(context.db);
    const auto proposal = proposals.lock(request.proposalId);
    if (!proposal) throw proposalNotFound();
    if (proposal->status != "pending") throw proposalNotPending();
    const auto team = store::TeamRepository(context.db).findIncludingDeleted(insert.consumerTeamId);
    if (!team) throw core::notFound("TEAM_NOT_FOUND", "Consumer team not found");
    // The original stored any id and failed with 500 on an unknown one (foreign key).
    if (insert.acknowledgedByUserId &&
        !store::UserRepository(context.db).findActive(*insert.acknowledgedByUserId)) {
        throw core::notFound("NOT_FOUND", "Acknowledging user not found");
    }
    store::AcknowledgmentRecord ack;
    try {
        ack = proposals.insertAcknowledgment(insert);
    } catch (const store::UniqueViolation&) {
        throw core::conflict("DUPLICATE_ACKNOWLEDGMENT", "Already acknowledged by this team");
    }
    store::recordAuditEvent(context.db, {"proposal", proposal->id, "proposal.acknowledged",
                                         ack.consumerTeamId, responsePayload(ack)});
    const std::string assetFqn = assetFqnOf(context, proposal->assetId);
    if (ack.response == "blocked") {
        rejectProposal(context, *proposal, ack, team->name, assetFqn);
    } else {
        recordApproval(context, *proposal, ack, team->name, assetFqn);
    }
    return acknowledgmentResponse(ack);
}

HttpResponse withdrawProposal(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("proposal_id");
    validate.finish();

    store::ProposalRepository proposals(context.db);
    const auto proposal = proposals.lock(id);
    if (!proposal) throw proposalNotFound();
    requireOwnTeamForProposal(context.auth, proposal->proposedBy,
                              "You can only withdraw your own proposals");
    if (proposal->status != "pending") throw proposalNotPending();
    const store::ProposalRecord withdrawn = proposals.resolve(id, "withdrawn");
    // The original wrote no event here (03 §10); every write in this server leaves one.
    recordEvent(context, "proposal", id, "proposal.withdrawn");
    notifyProposalStatus(context, withdrawn, assetFqnOf(context, withdrawn.assetId), "withdrawn",
                         std::nullopt);
    return jsonResponseWith(200, [&](JsonWriter& w) { writeProposalObject(w, withdrawn); });
}

HttpResponse forceApproveProposal(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("proposal_id");
    const std::string actorId = validate.queryUuid("actor_id", true).value_or("");
    validate.finish();

    requireOwnTeamForProposal(context.auth, actorId,
                              "You can only force approve on behalf of your own team");
    store::ProposalRepository proposals(context.db);
    const auto proposal = proposals.lock(id);
    if (!proposal) throw proposalNotFound();
    if (proposal->status != "pending") throw proposalNotPending();
    const store::ProposalRecord approved = proposals.resolve(id, "approved");
    store::recordAuditEvent(
        context.db,
        {"proposal", id, "proposal.force_approved", actorId,
         R"({"warning":"Proposal force-approved without full consumer acknowledgment"})"});
    notifyProposalStatus(context, approved, assetFqnOf(context, approved.assetId), "force_approved",
                         actorId);
    return jsonResponseWith(200, [&](JsonWriter& w) { writeProposalObject(w, approved); });
}

HttpResponse publishProposal(RequestContext& context) {
    const PublishFromProposalRequest request = parsePublish(context);
    requireOwnTeamForProposal(context.auth, request.publishedBy,
                              "You can only publish on behalf of your own team");
    store::ProposalRepository proposals(context.db);
    const auto proposal = proposals.lock(request.proposalId);
    if (!proposal) throw proposalNotFound();
    if (proposal->status != "approved") {
        throw core::badRequest("PROPOSAL_NOT_PENDING",
                               "Cannot publish from proposal with status '" + proposal->status +
                                   "'. Proposal must be approved first.");
    }
    const rapidjson::Document schema = parseStoredJson(proposal->proposedSchemaJson);
    if (auto errors = core::validateJsonSchema(schema); !errors.empty()) {
        std::string joined;
        for (const auto& error : errors) joined += (joined.empty() ? "" : "; ") + error;
        throw core::badRequest("INVALID_SCHEMA",
                               "Invalid schema in proposal: Invalid JSON Schema: " + joined);
    }
    // The asset row lock serialises this with direct publishes of the same asset.
    const auto asset = store::AssetRepository(context.db).lockIncludingDeleted(proposal->assetId);
    if (!asset) throw core::notFound("ASSET_NOT_FOUND", "Asset not found");
    if (request.publishedByUserId &&
        !store::UserRepository(context.db).findActive(*request.publishedByUserId)) {
        throw core::notFound("NOT_FOUND", "Publisher user not found");
    }

    store::ContractRepository contracts(context.db);
    const auto current = contracts.current(asset->id);
    if (current) contracts.deprecate(current->id);
    store::ContractRecord created;
    try {
        created = contracts.insert(
            {asset->id, request.version, proposal->proposedSchemaJson,
             current ? current->compatibilityMode : std::string("backward"),
             current ? current->guaranteesJson : std::optional<std::string>(kNoGuarantees),
             request.publishedBy, request.publishedByUserId});
    } catch (const store::UniqueViolation&) {
        // Publishing is repeatable (03 §14), but never twice under one version: the second of
        // two identical publishes gets 409 instead of a duplicate contract.
        throw core::conflict("VERSION_EXISTS", core::versionExistsMessage(request.version));
    }
    assetChanged(context, asset->id);                    // the active contract changed
    if (current) contractChanged(context, current->id);  // now deprecated
    store::recordAuditEvent(context.db, {"contract", created.id, "contract.published",
                                         request.publishedBy, buildJson([&](JsonWriter& w) {
                                             w.StartObject();
                                             w.Key("version");
                                             core::writeString(w, created.version);
                                             w.Key("change_type");
                                             core::writeString(w, proposal->changeType);
                                             w.Key("force");
                                             w.Bool(false);
                                             w.EndObject();
                                         })});
    NotificationOutbox& outbox = *context.app.outbox;
    if (outbox.webhooksEnabled()) {
        const auto team =
            store::TeamRepository(context.db).findIncludingDeleted(request.publishedBy);
        const core::ContractPublishedEvent event{created.id,          asset->id,
                                                 asset->fqn,          created.version,
                                                 request.publishedBy, team ? team->name : "unknown",
                                                 proposal->id};
        outbox.webhook(context.db, "contract.published",
                       core::webhookBody(event, core::currentEpochMicros()));
    }
    const auto lastRun = store::AuditRunRepository(context.db).latestForAsset(asset->id);

    return jsonResponseWith(200, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("action");
        w.String("published");
        w.Key("proposal_id");
        core::writeString(w, proposal->id);
        w.Key("contract");
        w.StartObject();
        writeContractFields(w, created, kContractDumpSchemaKey);
        w.EndObject();
        w.Key("deprecated_contract_id");
        core::writeNullableString(w, current ? std::optional(current->id) : std::nullopt);
        if (lastRun && lastRun->status != "passed") {
            w.Key("audit_warning");
            core::writeString(w, auditWarning(*lastRun));
        }
        w.EndObject();
    });
}

}  // namespace tessera::server
