// What every write leaves behind besides its own rows, recorded in the request's transaction:
// one audit event (spec 04 §1) and, for rows the dependency index holds, a graph change that
// every replica's index applies once the transaction commits.
#pragma once

#include <string>

#include "server/request_context.hpp"
#include "store/audit_repository.hpp"

namespace tessera::server {

// The acting team is the actor (spec 04 §1.1: actor_id is a team id).
inline void recordEvent(RequestContext& context, std::string entityType, std::string entityId,
                        std::string action, std::string payloadJson = "{}") {
    store::recordAuditEvent(context.db,
                            {std::move(entityType), std::move(entityId), std::move(action),
                             context.auth.teamId, std::move(payloadJson)});
}

inline void assetChanged(RequestContext& context, const std::string& assetId) {
    context.graphChange.assetIds.push_back(assetId);
}
inline void registrationChanged(RequestContext& context, const std::string& registrationId) {
    context.graphChange.registrationIds.push_back(registrationId);
}
inline void teamChanged(RequestContext& context, const std::string& teamId) {
    context.graphChange.teamIds.push_back(teamId);
}

}  // namespace tessera::server
