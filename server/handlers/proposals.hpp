// Reading proposals (spec 03 §9.3–§9.5): GET /proposals, /proposals/{id}, /proposals/{id}/status.
// Their transitions are in server/handlers/proposal_actions.hpp.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse listProposals(RequestContext& context);
HttpResponse getProposal(RequestContext& context);
HttpResponse getProposalStatus(RequestContext& context);

}  // namespace tessera::server
