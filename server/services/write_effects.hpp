// What every write leaves behind besides its own rows, recorded in the request's transaction:
// one audit event (spec 04 §1) and, for rows the dependency index holds, a graph change that
// every replica's index applies once the transaction commits.
#pragma once

#include <string>

#include "server/http/request_context.hpp"
#include "store/audit_repository.hpp"

namespace tessera::server::services {

// The acting team is the actor (spec 04 §1.1: actor_id is a team id).
inline void recordEvent(RequestContext& context, std::string entityType, std::string entityId,
                        std::string action, std::string payloadJson = "{}") {
    store::recordAuditEvent(context.db,
                            {std::move(entityType), std::move(entityId), std::move(action),
                             context.auth.teamId, std::move(payloadJson)});
}

// Cached reads of the asset (its GET, contract list, searches, and the lineage of it and its
// neighbours) are invalidated with it.
inline void assetChanged(RequestContext& context, const std::string& assetId) {
    context.graphChange.assetIds.push_back(assetId);
    context.cacheChange.assetIds.push_back(assetId);
}
// `assetId`: the asset of the registration's contract, whose lineage lists its consumers.
inline void registrationChanged(RequestContext& context, const std::string& registrationId,
                                const std::string& assetId) {
    context.graphChange.registrationIds.push_back(registrationId);
    context.cacheChange.lineageIds.push_back(assetId);
}
inline void teamChanged(RequestContext& context, const std::string& teamId) {
    context.graphChange.teamIds.push_back(teamId);
}

// Cache-only effects.
inline void lineageChanged(RequestContext& context, const std::string& assetId) {
    context.cacheChange.lineageIds.push_back(assetId);
}
inline void contractChanged(RequestContext& context, const std::string& contractId) {
    context.cacheChange.contractIds.push_back(contractId);
}
// Team and user names (and e-mails) appear in most cached asset reads.
inline void namesChanged(RequestContext& context) {
    context.cacheChange.allAssetKeys = true;
}

}  // namespace tessera::server::services
