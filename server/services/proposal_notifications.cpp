#include "server/services/proposal_notifications.hpp"

#include <vector>

#include "core/json.hpp"
#include "core/notification_messages.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/notify/notification_outbox.hpp"
#include "server/services/affected_consumers.hpp"
#include "store/team_repository.hpp"

namespace tessera::server::services {
namespace {

// The stored breaking-change records as notification items.
std::vector<core::NotifiedChange> notifiedChanges(const std::string& breakingChangesJson) {
    std::vector<core::NotifiedChange> changes;
    const rapidjson::Document records = core::parseStoredJson(breakingChangesJson);
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

}  // namespace

void notifyProposalCreated(RequestContext& context, const store::ProposalRecord& proposal,
                           const std::string& assetFqn, const std::string& producerTeamName,
                           const std::string& proposedVersion) {
    NotificationOutbox& outbox = *context.app.outbox;
    if (!outbox.webhooksEnabled() && !outbox.slackEnabled()) return;
    const core::ProposalCreatedEvent event{
        proposal.id,
        proposal.assetId,
        assetFqn,
        proposal.proposedBy,
        producerTeamName,
        proposedVersion,
        notifiedChanges(proposal.breakingChangesJson),
        notifiedConsumers(findAffectedConsumers(context.db, proposal.assetId).registrations)};
    outbox.webhook(context.db, "proposal.created",
                   core::webhookBody(event, core::currentEpochMicros()));
    outbox.slack(context.db, "proposal.created", core::slackProposalCreated(event));
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

}  // namespace tessera::server::services
