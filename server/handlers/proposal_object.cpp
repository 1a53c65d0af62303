#include "server/handlers/proposal_object.hpp"

#include "core/schema_diff.hpp"
#include "server/handlers/column_radius.hpp"
#include "server/handlers/contract_json.hpp"
#include "server/http/request_context.hpp"
#include "server/services/impact_analysis.hpp"

namespace tessera::server {

void writeProposalObject(ResponseWriter& w, RequestContext& context,
                         const store::ProposalRecord& proposal) {
    // From the stored records, not the publish's diff: a proposal read later answers the same
    // columns (its reach follows the lineage as it is now).
    const auto columnImpact =
        services::columnImpactOf(*context.app.graph, proposal.assetId,
                                 core::storedSchemaChanges(proposal.breakingChangesJson),
                                 context.config().impactDepthDefault);
    w.StartObject();
    writeProposalFields(w, proposal);
    if (columnImpact) writeColumnImpactMember(w, *context.app.graph, *columnImpact);
    w.EndObject();
}

HttpResponse proposalObjectResponse(RequestContext& context, int status,
                                    const store::ProposalRecord& proposal) {
    return renderInThreadBuffer(
        status, [&](ResponseWriter& w) { writeProposalObject(w, context, proposal); });
}

}  // namespace tessera::server
