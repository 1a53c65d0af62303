// The proposal object as every route that answers one renders it (GET /proposals/{id}, withdraw,
// force, and the publish that opens a proposal): the original's fields (contract_json.hpp), then,
// additive (issue 20), its `column_impact` — the assets and teams reached through the columns
// its breaking schema changes name, walked in the index at the default traversal depth.
#pragma once

#include "server/http/http_types.hpp"
#include "server/http/response_writer.hpp"
#include "store/proposal_repository.hpp"

namespace tessera::server {
class RequestContext;

// The whole object; `column_impact` only when the proposal has breaking schema changes and the
// index holds its asset, so other proposals read key for key as the original's.
void writeProposalObject(ResponseWriter& w, RequestContext& context,
                         const store::ProposalRecord& proposal);

// A response whose body is the proposal object.
HttpResponse proposalObjectResponse(RequestContext& context, int status,
                                    const store::ProposalRecord& proposal);

}  // namespace tessera::server
