#include "server/handlers/proposals.hpp"

#include "core/api_enums.hpp"
#include "core/timestamp.hpp"
#include "server/handlers/proposal_object.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/affected_consumers.hpp"
#include "store/asset_repository.hpp"
#include "store/audit_run_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// GET /proposals pages are fixed at 50 by default and 100 at most (spec 01 §7).

store::ProposalRecord findOrThrow(RequestContext& context, const std::string& id) {
    auto proposal = store::ProposalRepository(context.db).find(id);
    if (!proposal) throw core::proposalNotFound();
    return *proposal;
}

void writeAuditStatus(JsonWriter& w, const std::optional<store::AuditRunSummary>& run) {
    if (!run) {
        w.Null();
        return;
    }
    w.StartObject();
    w.Key("status");
    core::writeString(w, run->status);
    w.Key("guarantees_failed");
    w.Int64(run->guaranteesFailed);
    w.Key("run_at");
    core::writeString(w, core::formatTimestamp(run->runAt));
    w.Key("triggered_by");
    core::writeString(w, run->triggeredBy);
    w.Key("is_passing");
    w.Bool(run->status == "passed");
    w.EndObject();
}

}  // namespace

HttpResponse listProposals(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination(kFixedPageDefault, kFixedPageMax);
    store::ProposalFilter filter;
    filter.assetId = validate.queryUuid("asset_id");
    filter.status = validate.queryEnum("status", core::kProposalStatuses);
    filter.proposedBy = validate.queryUuid("proposed_by");
    validate.finish();

    const auto result = store::ProposalRepository(context.db).list(filter, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page,
                        [](JsonWriter& w, const store::ProposalListRow& row) {
                            const store::ProposalRecord& proposal = row.proposal;
                            w.StartObject();
                            w.Key("id");
                            core::writeString(w, proposal.id);
                            w.Key("asset_id");
                            core::writeString(w, proposal.assetId);
                            w.Key("asset_fqn");
                            core::writeNullableString(w, row.assetFqn);
                            w.Key("status");
                            core::writeString(w, proposal.status);
                            w.Key("change_type");
                            core::writeString(w, proposal.changeType);
                            w.Key("breaking_changes_count");
                            w.Int64(row.breakingChangesCount);
                            w.Key("proposed_by");
                            core::writeString(w, proposal.proposedBy);
                            w.Key("proposed_at");
                            core::writeString(w, core::formatTimestamp(proposal.proposedAt));
                            w.Key("acknowledgment_count");
                            w.Int64(row.acknowledgmentCount);
                            w.Key("total_consumers");
                            w.Int64(row.totalConsumers);
                            w.EndObject();
                        });
}

HttpResponse getProposal(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("proposal_id");
    validate.finish();

    return proposalObjectResponse(context, core::status::kOk, findOrThrow(context, id));
}

namespace {

void writeProposer(JsonWriter& w, const store::ProposalRecord& proposal,
                   const store::ProposalRepository::Names& proposer) {
    w.StartObject();
    w.Key("team_id");
    core::writeString(w, proposal.proposedBy);
    w.Key("team_name");
    core::writeString(w, proposer.teamName.value_or("Unknown"));
    w.Key("user_id");
    core::writeNullableString(w, proposal.proposedByUserId);
    w.Key("user_name");
    core::writeNullableString(w, proposer.userName);
    w.EndObject();
}

void writeAcknowledgments(JsonWriter& w, const std::vector<store::AcknowledgmentRow>& rows) {
    w.StartArray();
    for (const auto& row : rows) {
        const store::AcknowledgmentRecord& ack = row.acknowledgment;
        w.StartObject();
        w.Key("consumer_team_id");
        core::writeString(w, ack.consumerTeamId);
        w.Key("consumer_team_name");
        core::writeString(w, row.consumerTeamName.value_or("Unknown"));
        w.Key("acknowledged_by_user_id");
        core::writeNullableString(w, ack.acknowledgedByUserId);
        w.Key("acknowledged_by_user_name");
        core::writeNullableString(w, row.acknowledgedByUserName);
        w.Key("response");
        core::writeString(w, ack.response);
        w.Key("responded_at");
        core::writeString(w, core::formatTimestamp(ack.respondedAt));
        w.Key("notes");
        core::writeNullableString(w, ack.notes);
        w.EndObject();
    }
    w.EndArray();
}

void writePendingConsumers(JsonWriter& w,
                           const std::vector<const store::ContractRegistrationRow*>& pending) {
    w.StartArray();
    for (const auto* row : pending) {
        w.StartObject();
        w.Key("team_id");
        core::writeString(w, row->registration.consumerTeamId);
        w.Key("team_name");
        core::writeString(w, row->consumerTeamName.value_or("Unknown"));
        w.Key("registered_at");
        core::writeString(w, core::formatTimestamp(row->registration.registeredAt));
        w.EndObject();
    }
    w.EndArray();
}

void writeAuditWarnings(JsonWriter& w, const std::optional<store::AuditRunSummary>& lastRun) {
    w.StartArray();
    if (lastRun && lastRun->status != "passed") {
        core::writeString(w, "Data quality audit " + lastRun->status + " with " +
                                 std::to_string(lastRun->guaranteesFailed) +
                                 " failing guarantee(s). Consider fixing audits before "
                                 "publishing.");
    }
    w.EndArray();
}

// Who has answered and who is still awaited (03 §9.5). Filled in place: `pending` points into
// `consumers`.
struct ProposalProgress {
    std::vector<store::AcknowledgmentRow> acknowledgments;
    services::AffectedConsumers consumers;
    std::vector<const store::ContractRegistrationRow*> pending;  // into consumers
    size_t blocked = 0;
};

void collectProgress(RequestContext& context, const store::ProposalRecord& proposal,
                     ProposalProgress& progress) {
    progress.consumers = services::findAffectedConsumers(context.db, proposal.assetId);
    progress.acknowledgments = store::ProposalRepository(context.db).acknowledgments(proposal.id);
    std::set<std::string> acknowledgedTeams;
    for (const auto& row : progress.acknowledgments) {
        acknowledgedTeams.insert(row.acknowledgment.consumerTeamId);
        if (row.acknowledgment.response == "blocked") ++progress.blocked;
    }
    for (const auto& row : progress.consumers.registrations) {
        if (!acknowledgedTeams.count(row.registration.consumerTeamId)) {
            progress.pending.push_back(&row);
        }
    }
}

}  // namespace

HttpResponse getProposalStatus(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("proposal_id");
    validate.finish();

    const store::ProposalRecord proposal = findOrThrow(context, id);
    const auto asset = store::AssetRepository(context.db).findIncludingDeleted(proposal.assetId);
    const auto proposer = store::ProposalRepository(context.db)
                              .namesOf(proposal.proposedBy, proposal.proposedByUserId);
    ProposalProgress progress;
    collectProgress(context, proposal, progress);
    const auto lastRun = store::AuditRunRepository(context.db).latestForAsset(proposal.assetId);

    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("proposal_id");
        core::writeString(w, proposal.id);
        w.Key("status");
        core::writeString(w, proposal.status);
        w.Key("asset_fqn");
        core::writeNullableString(w, asset ? std::optional(asset->fqn) : std::nullopt);
        w.Key("change_type");
        core::writeString(w, proposal.changeType);
        w.Key("breaking_changes");
        core::writeStoredJson(w, proposal.breakingChangesJson);
        w.Key("proposed_by");
        writeProposer(w, proposal, proposer);
        w.Key("proposed_at");
        core::writeString(w, core::formatTimestamp(proposal.proposedAt));
        w.Key("resolved_at");
        core::writeNullableTimestamp(w, proposal.resolvedAt);
        w.Key("consumers");
        w.StartObject();
        w.Key("total");
        w.Uint64(progress.consumers.registrations.size());
        w.Key("acknowledged");
        w.Uint64(progress.acknowledgments.size());
        w.Key("pending");
        w.Uint64(progress.pending.size());
        w.Key("blocked");
        w.Uint64(progress.blocked);
        w.EndObject();
        w.Key("acknowledgments");
        writeAcknowledgments(w, progress.acknowledgments);
        w.Key("pending_consumers");
        writePendingConsumers(w, progress.pending);
        w.Key("audit_status");
        writeAuditStatus(w, lastRun);
        w.Key("warnings");
        writeAuditWarnings(w, lastRun);
        w.EndObject();
    });
}

}  // namespace tessera::server
