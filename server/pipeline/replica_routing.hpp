// Which requests read from the replica (DATABASE_REPLICA_URL, server/replica/): authenticated
// GET routes of the API, the routes that only read. Health, metrics and the web UI's pages stay
// on the primary (their handlers look up sessions and /logout deletes one); so do requests whose
// authentication already opened a transaction on the primary (a key verified against the table,
// a web UI session): one request, one transaction.
#pragma once

namespace tessera::server {

class RequestContext;

// Before the handler: lets the request's session read from the replica when the route reads
// only and the replica may serve this caller now. `allowed` false: the primary, whatever the
// replica's state (the request is being run again after the replica failed under it).
void routeReadToReplica(RequestContext& context, bool allowed);

// Once the request is answered: counts a read served by the replica, and reports a replica
// that refused the connection (the primary answered instead).
void noteReplicaOutcome(RequestContext& context);

// The replica failed under the request (store::ReplicaUnavailable), which runs again on the
// primary: no reads go there until the monitor's next check succeeds.
void noteReplicaFailure(RequestContext& context);

// After a committed request that is not such a read: its caller's next reads stay on the
// primary until the replica has caught up with it.
void noteCommittedWrite(const RequestContext& context);

}  // namespace tessera::server
