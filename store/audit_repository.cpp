#include "store/audit_repository.hpp"

namespace tessera::store {
namespace {

const Statement kInsertEvent{
    "audit_event_insert",
    "INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
    " VALUES ($1, $2, $3, $4, $5::jsonb)"};

}  // namespace

void recordAuditEvent(DbSession& db, const AuditEventInput& event) {
    db.exec(kInsertEvent, event.entityType, event.entityId, event.action, event.actorId,
            event.payloadJson);
}

}  // namespace tessera::store
