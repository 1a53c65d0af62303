#include "server/pipeline/replica_routing.hpp"

#include "server/http/request_context.hpp"
#include "server/replica/read_replica.hpp"

namespace tessera::server {
namespace {

bool readsOnly(const Route& route) {
    return route.method == "GET" && route.auth != AuthRequirement::None;
}

// Whose writes a read must see: the API key, else the web UI user, else the acting team
// (the bootstrap key, AUTH_DISABLED).
std::string callerOf(const AuthContext& auth) {
    if (!auth.apiKeyId.empty()) return "key:" + auth.apiKeyId;
    if (!auth.sessionUserId.empty()) return "user:" + auth.sessionUserId;
    return "team:" + auth.teamId;
}

}  // namespace

void routeReadToReplica(RequestContext& context, bool allowed) {
    ReadReplica* replica = context.app.replica.get();
    if (!replica || !allowed || !readsOnly(*context.route) || context.db.inTransaction()) return;
    const bool primaryRequested =
        context.request.header("x-tessera-read").value_or("") == "primary";
    if (store::ConnectionPool* pool =
            replica->poolForRead(callerOf(context.auth), primaryRequested)) {
        context.db.readFromReplica(*pool);
    }
}

void noteReplicaOutcome(RequestContext& context) {
    ReadReplica* replica = context.app.replica.get();
    if (!replica) return;
    if (context.db.lastTransactionOnReplica()) replica->servedRead();
    if (context.db.replicaRefused()) replica->readFailed();
}

void noteReplicaFailure(RequestContext& context) {
    if (ReadReplica* replica = context.app.replica.get()) replica->readFailed();
}

void noteCommittedWrite(const RequestContext& context) {
    ReadReplica* replica = context.app.replica.get();
    if (!replica || readsOnly(*context.route)) return;
    replica->recordWrite(callerOf(context.auth));
}

}  // namespace tessera::server
