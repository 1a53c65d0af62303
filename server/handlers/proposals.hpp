// /api/v1/proposals (spec 03 §9): reading proposals and moving them through their state machine
// (acknowledge, withdraw, force, publish — server/handlers/proposal_workflow.cpp).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse listProposals(RequestContext& context);
HttpResponse getProposal(RequestContext& context);
HttpResponse getProposalStatus(RequestContext& context);

HttpResponse acknowledgeProposal(RequestContext& context);
HttpResponse withdrawProposal(RequestContext& context);
HttpResponse forceApproveProposal(RequestContext& context);
HttpResponse publishProposal(RequestContext& context);

}  // namespace tessera::server
