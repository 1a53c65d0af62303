// The proposal transitions over HTTP (spec 03 §9.6–§9.9): acknowledge, withdraw, force,
// publish. Each parses its request, runs the transition in server/services/proposal_workflow
// and renders the result.
#include "server/handlers/proposal_actions.hpp"

#include "core/api_enums.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/semver.hpp"
#include "core/timestamp.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/handlers/proposal_object.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/proposal_workflow.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

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
        ack.response = validate
                           .enumField(*body, "response", {}, Presence::Required,
                                      core::kAcknowledgmentResponses)
                           .value_or("");
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
    return jsonResponseWith(core::status::kCreated, [&](JsonWriter& w) {
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

// ---- Publish (03 §9.9) ----

services::PublishFromProposalRequest parsePublish(RequestContext& context) {
    RequestValidator validate(context);
    services::PublishFromProposalRequest request;
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

}  // namespace

HttpResponse acknowledgeProposal(RequestContext& context) {
    const AcknowledgeRequest request = parseAcknowledge(context);
    const store::AcknowledgmentRecord ack =
        services::acknowledgeProposal(context, request.acknowledgment);
    return acknowledgmentResponse(ack);
}

HttpResponse withdrawProposal(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("proposal_id");
    validate.finish();

    const store::ProposalRecord withdrawn = services::withdrawProposal(context, id);
    return proposalObjectResponse(context, core::status::kOk, withdrawn);
}

HttpResponse forceApproveProposal(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("proposal_id");
    const std::string actorId = validate.queryUuid("actor_id", true).value_or("");
    validate.finish();

    const store::ProposalRecord approved = services::forceApproveProposal(context, id, actorId);
    return proposalObjectResponse(context, core::status::kOk, approved);
}

HttpResponse publishProposal(RequestContext& context) {
    const services::PublishFromProposalRequest request = parsePublish(context);
    const services::ProposalPublication publication =
        services::publishFromProposal(context, request);
    const store::ContractRecord& created = publication.activated.contract;
    const auto& deprecated = publication.activated.deprecated;
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("action");
        w.String("published");
        w.Key("proposal_id");
        core::writeString(w, publication.proposal.id);
        w.Key("contract");
        w.StartObject();
        writeContractFields(w, created, kContractDumpSchemaKey);
        w.EndObject();
        w.Key("deprecated_contract_id");
        core::writeNullableString(w, deprecated ? std::optional(deprecated->id) : std::nullopt);
        if (publication.auditWarning) {
            w.Key("audit_warning");
            core::writeString(w, *publication.auditWarning);
        }
        w.EndObject();
    });
}

}  // namespace tessera::server
