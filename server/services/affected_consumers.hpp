// The consumers a proposal waits for (spec 03 §9.1), evaluated live at each check: the asset's
// current active contract and its active registrations.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/notification_messages.hpp"
#include "store/contract_repository.hpp"
#include "store/registration_repository.hpp"

namespace tessera::server::services {

struct AffectedConsumers {
    std::optional<store::ContractRecord> contract;
    std::vector<store::ContractRegistrationRow> registrations;
    std::set<std::string> teams;  // who must acknowledge
};

AffectedConsumers findAffectedConsumers(store::DbSession& db, const std::string& assetId);

// Registrations as the consumers a notification names ("Unknown" for a team row gone).
std::vector<core::NotifiedConsumer> notifiedConsumers(
    const std::vector<store::ContractRegistrationRow>& registrations);

}  // namespace tessera::server::services
