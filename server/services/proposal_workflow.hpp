// The proposal state machine (spec 03 §9.2): acknowledge, withdraw, force-approve, publish. Each
// transition locks the proposal row first, so concurrent acknowledgments, a withdraw racing an
// acknowledgment, or two publishes run one after the other and end in one consistent state.
#pragma once

#include <optional>
#include <string>

#include "server/services/contract_publishing.hpp"
#include "store/proposal_repository.hpp"

namespace tessera::server {
class RequestContext;
}

namespace tessera::server::services {

// 03 §9.6: records the team's response; `blocked` rejects the proposal, and the last awaited
// approval (or migrating) approves it.
store::AcknowledgmentRecord acknowledgeProposal(RequestContext& context,
                                                const store::AcknowledgmentInsert& acknowledgment);

// 03 §9.7: by the proposing team (or an admin), while pending.
store::ProposalRecord withdrawProposal(RequestContext& context, const std::string& proposalId);

// 03 §9.8: approved without waiting for the consumers, on behalf of `actorId`.
store::ProposalRecord forceApproveProposal(RequestContext& context, const std::string& proposalId,
                                           const std::string& actorId);

struct PublishFromProposalRequest {
    std::string proposalId;
    std::string version;
    std::string publishedBy;
    std::optional<std::string> publishedByUserId;
};

struct ProposalPublication {
    store::ProposalRecord proposal;
    ActivatedContract activated;
    std::optional<std::string> auditWarning;
};

// 03 §9.9: an approved proposal's schema becomes the active contract. Mode and guarantees are
// the current contract's (the defaults when there is none).
ProposalPublication publishFromProposal(RequestContext& context,
                                        const PublishFromProposalRequest& request);

}  // namespace tessera::server::services
