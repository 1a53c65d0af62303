// The consumers a proposal waits for (spec 03 §9.1), evaluated live at each check: the asset's
// current active contract and its active registrations.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/contract_repository.hpp"
#include "store/registration_repository.hpp"

namespace tessera::server::services {

struct AffectedConsumers {
    std::optional<store::ContractRecord> contract;
    std::vector<store::ContractRegistrationRow> registrations;
    std::set<std::string> teams;  // who must acknowledge
};

AffectedConsumers findAffectedConsumers(store::DbSession& db, const std::string& assetId);

}  // namespace tessera::server::services
