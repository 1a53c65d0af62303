// The webhooks and Slack messages a proposal's life sends (spec 03 §11, 04 §3), written to the
// outbox in the request's transaction.
#pragma once

#include <optional>
#include <string>

#include "store/proposal_repository.hpp"

namespace tessera::server {
class RequestContext;
}

namespace tessera::server::services {

// proposal.created and its Slack message (03 §8.2): the affected consumers are the active
// registrations on the current contract.
void notifyProposalCreated(RequestContext& context, const store::ProposalRecord& proposal,
                           const std::string& assetFqn, const std::string& producerTeamName,
                           const std::string& proposedVersion);

// proposal.<status> with the proposal's asset; the actor team's name is looked up.
void notifyProposalStatus(RequestContext& context, const store::ProposalRecord& proposal,
                          const std::string& assetFqn, const std::string& status,
                          const std::optional<std::string>& actorTeamId);

}  // namespace tessera::server::services
