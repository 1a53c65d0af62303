#include "server/services/guarantee_notifications.hpp"

#include "core/notification_messages.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/notify/notification_outbox.hpp"
#include "server/services/affected_consumers.hpp"
#include "store/registration_repository.hpp"

namespace tessera::server::services {
namespace {

std::vector<core::NotifiedConsumer> registeredConsumers(store::DbSession& db,
                                                        const std::string& contractId) {
    return notifiedConsumers(store::RegistrationRepository(db).activeForContract(contractId));
}

}  // namespace

void notifyGuaranteesChanged(RequestContext& context, const store::AssetRecord& asset,
                             const store::ContractRecord& created,
                             const store::ContractRecord& previous,
                             const std::string& producerTeamName,
                             const GuaranteeEvaluation& evaluation) {
    NotificationOutbox& outbox = *context.app.outbox;
    if (evaluation.warnings() == 0) return;
    if (!outbox.webhooksEnabled() && !outbox.slackEnabled()) return;
    const core::GuaranteesChangedEvent event{
        created.id,         asset.id,
        asset.fqn,          created.version,
        previous.version,   created.publishedBy,
        producerTeamName,   std::string(core::guaranteeModeName(evaluation.mode)),
        evaluation.changes, registeredConsumers(context.db, previous.id)};
    outbox.webhook(context.db, "contract.guarantees_changed",
                   core::webhookBody(event, core::currentEpochMicros()));
    outbox.slack(context.db, "contract.guarantees_changed", core::slackGuaranteesChanged(event));
}

void notifyGuaranteesViolated(RequestContext& context, const store::AssetRecord& asset,
                              const store::ContractRecord& contract, const std::string& auditRunId,
                              const std::vector<std::string>& violated,
                              const std::vector<std::string>& newlyViolated) {
    NotificationOutbox& outbox = *context.app.outbox;
    if (newlyViolated.empty()) return;
    if (!outbox.webhooksEnabled() && !outbox.slackEnabled()) return;
    const core::GuaranteesViolatedEvent event{
        asset.id,   asset.fqn, contract.id,   contract.version,
        auditRunId, violated,  newlyViolated, registeredConsumers(context.db, contract.id)};
    outbox.webhook(context.db, "asset.guarantees_violated",
                   core::webhookBody(event, core::currentEpochMicros()));
    outbox.slack(context.db, "asset.guarantees_violated", core::slackGuaranteesViolated(event));
}

}  // namespace tessera::server::services
