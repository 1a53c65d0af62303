// What consumers hear about guarantees (issue 21): a published contract that weakens one
// (contract.guarantees_changed) and an audit run that broke some the active contract promises
// (asset.guarantees_violated). Webhook and Slack, written to the outbox in the request's
// transaction; the consumers are the active registrations on the contract concerned.
#pragma once

#include <string>
#include <vector>

#include "server/services/guarantee_evaluation.hpp"
#include "store/asset_repository.hpp"
#include "store/contract_repository.hpp"

namespace tessera::server {
class RequestContext;
}

namespace tessera::server::services {

// Sent when `evaluation` has warning records: `created` replaced `previous`, whose registered
// consumers relied on the guarantees.
void notifyGuaranteesChanged(RequestContext& context, const store::AssetRecord& asset,
                             const store::ContractRecord& created,
                             const store::ContractRecord& previous,
                             const std::string& producerTeamName,
                             const GuaranteeEvaluation& evaluation);

// Sent when `newlyViolated` is not empty.
void notifyGuaranteesViolated(RequestContext& context, const store::AssetRecord& asset,
                              const store::ContractRecord& contract, const std::string& auditRunId,
                              const std::vector<std::string>& violated,
                              const std::vector<std::string>& newlyViolated);

}  // namespace tessera::server::services
