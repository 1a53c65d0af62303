// Rules shared by the proposal endpoints (spec 03 §9) and by publishing, which creates
// proposals: errors, the own-team rule R10–R13, the affected consumers (§9.1) and the
// notifications a proposal's life sends (§11).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/notification_messages.hpp"
#include "server/http/request_context.hpp"
#include "store/audit_run_repository.hpp"
#include "store/contract_repository.hpp"
#include "store/proposal_repository.hpp"
#include "store/registration_repository.hpp"

namespace tessera::server {

core::ApiError proposalNotFound();
core::ApiError proposalNotPending();

// R10–R13 (spec 01 §9.8): the acting team must be `teamId` unless the caller holds admin;
// 403 FORBIDDEN with details {"code": "INSUFFICIENT_PERMISSIONS"}.
void requireOwnTeamForProposal(const AuthContext& auth, const std::string& teamId,
                               const char* message);

// Evaluated live at each check (03 §9.1): the asset's current active contract and its active
// registrations; `teams` are who must acknowledge.
struct AffectedConsumers {
    std::optional<store::ContractRecord> contract;
    std::vector<store::ContractRegistrationRow> registrations;
    std::set<std::string> teams;
};
AffectedConsumers findAffectedConsumers(store::DbSession& db, const std::string& assetId);

// The stored breaking-change records as notification items.
std::vector<core::NotifiedChange> notifiedChanges(const std::string& breakingChangesJson);
std::vector<core::NotifiedConsumer> notifiedConsumers(const AffectedConsumers& consumers);

// Sends proposal.<status> with the proposal's asset; the actor team's name is looked up.
void notifyProposalStatus(RequestContext& context, const store::ProposalRecord& proposal,
                          const std::string& assetFqn, const std::string& status,
                          const std::optional<std::string>& actorTeamId);

// "Warning: Most recent audit failed with 2 guarantee(s) failing" — the audit_warning of
// publishing responses (02 §5.7, 03 §9.9) when the latest run did not pass.
std::string auditWarning(const store::AuditRunSummary& run);

}  // namespace tessera::server
