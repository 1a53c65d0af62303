#include "server/services/proposal_support.hpp"

#include "core/timestamp.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/http/responses.hpp"
#include "store/team_repository.hpp"

namespace tessera::server {

core::ApiError proposalNotFound() {
    return core::notFound("PROPOSAL_NOT_FOUND", "Proposal not found");
}

core::ApiError proposalNotPending() {
    return core::badRequest("PROPOSAL_NOT_PENDING", "Proposal is not pending");
}

void requireOwnTeamForProposal(const AuthContext& auth, const std::string& teamId,
                               const char* message) {
    if (auth.isAdmin() || auth.teamId == teamId) return;
    throw core::forbidden("FORBIDDEN", message, R"({"code":"INSUFFICIENT_PERMISSIONS"})");
}

AffectedConsumers findAffectedConsumers(store::DbSession& db, const std::string& assetId) {
    AffectedConsumers consumers;
    consumers.contract = store::ContractRepository(db).current(assetId);
    if (!consumers.contract) return consumers;
    consumers.registrations =
        store::RegistrationRepository(db).activeForContract(consumers.contract->id);
    for (const auto& row : consumers.registrations) {
        consumers.teams.insert(row.registration.consumerTeamId);
    }
    return consumers;
}

std::vector<core::NotifiedChange> notifiedChanges(const std::string& breakingChangesJson) {
    std::vector<core::NotifiedChange> changes;
    const rapidjson::Document records = parseStoredJson(breakingChangesJson);
    if (!records.IsArray()) return changes;
    const auto text = [](const rapidjson::Value& record, const char* key) {
        const auto member = record.FindMember(key);
        if (member == record.MemberEnd() || !member->value.IsString()) return std::string();
        return std::string(member->value.GetString(), member->value.GetStringLength());
    };
    for (const auto& record : records.GetArray()) {
        if (!record.IsObject()) continue;
        changes.push_back({text(record, "type"), text(record, "path"), text(record, "message")});
    }
    return changes;
}

std::vector<core::NotifiedConsumer> notifiedConsumers(const AffectedConsumers& consumers) {
    std::vector<core::NotifiedConsumer> notified;
    for (const auto& row : consumers.registrations) {
        notified.push_back({row.registration.consumerTeamId,
                            row.consumerTeamName.value_or("Unknown"),
                            row.registration.pinnedVersion});
    }
    return notified;
}

void notifyProposalStatus(RequestContext& context, const store::ProposalRecord& proposal,
                          const std::string& assetFqn, const std::string& status,
                          const std::optional<std::string>& actorTeamId) {
    NotificationOutbox& outbox = *context.app.outbox;
    if (!outbox.webhooksEnabled()) return;
    core::ProposalStatusEvent event{proposal.id, proposal.assetId, assetFqn,
                                    status,      actorTeamId,      std::nullopt};
    if (actorTeamId) {
        if (auto team = store::TeamRepository(context.db).findIncludingDeleted(*actorTeamId)) {
            event.actorTeamName = team->name;
        }
    }
    outbox.webhook(context.db, "proposal." + status,
                   core::webhookBody(event, core::currentEpochMicros()));
}

std::string auditWarning(const store::AuditRunSummary& run) {
    return "Warning: Most recent audit " + run.status + " with " +
           std::to_string(run.guaranteesFailed) + " guarantee(s) failing";
}

}  // namespace tessera::server
