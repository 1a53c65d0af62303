#include "server/services/affected_consumers.hpp"

namespace tessera::server::services {

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

std::vector<core::NotifiedConsumer> notifiedConsumers(
    const std::vector<store::ContractRegistrationRow>& registrations) {
    std::vector<core::NotifiedConsumer> notified;
    for (const auto& row : registrations) {
        notified.push_back({row.registration.consumerTeamId,
                            row.consumerTeamName.value_or("Unknown"),
                            row.registration.pinnedVersion});
    }
    return notified;
}

}  // namespace tessera::server::services
