#include "store/audit_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

const Statement kInsertEvent{
    "audit_event_insert",
    "INSERT INTO audit.events (entity_type, entity_id, action, actor_id, payload)"
    " VALUES ($1, $2, $3, $4, $5::jsonb)"};

#define EVENT_COLUMNS                                                           \
    "e.id::text, e.entity_type, e.entity_id::text, e.action, e.actor_id::text," \
    " e.payload::text, core.epoch_us(e.occurred_at)"
#define EVENT_FILTER                                                                             \
    " WHERE ($1::text IS NULL OR e.entity_type = $1) AND ($2::uuid IS NULL OR e.entity_id = $2)" \
    " AND ($3::text IS NULL OR e.action = $3) AND ($4::uuid IS NULL OR e.actor_id = $4)"         \
    " AND ($5::int8 IS NULL OR e.occurred_at >= timestamptz 'epoch' + $5 * interval '1 "         \
    "microsecond')"                                                                              \
    " AND ($6::int8 IS NULL OR e.occurred_at <= timestamptz 'epoch' + $6 * interval '1 "         \
    "microsecond')"

const Statement kList{"audit_event_list",
                      "SELECT " EVENT_COLUMNS " FROM audit.events e" EVENT_FILTER
                      " ORDER BY e.occurred_at DESC, e.id LIMIT $7 OFFSET $8"};
const Statement kCount{"audit_event_count", "SELECT count(*) FROM audit.events e" EVENT_FILTER};
const Statement kFind{"audit_event_find",
                      "SELECT " EVENT_COLUMNS " FROM audit.events e WHERE e.id = $1"};

#undef EVENT_COLUMNS
#undef EVENT_FILTER

AuditEventRecord toEvent(const pqxx::row& row) {
    AuditEventRecord event;
    event.id = row[0].as<std::string>();
    event.entityType = row[1].as<std::string>();
    event.entityId = row[2].as<std::string>();
    event.action = row[3].as<std::string>();
    if (!row[4].is_null()) event.actorId = row[4].as<std::string>();
    event.payloadJson = row[5].as<std::string>();
    event.occurredAt = row[6].as<int64_t>();
    return event;
}

}  // namespace

void recordAuditEvent(DbSession& db, const AuditEventInput& event) {
    db.exec(kInsertEvent, event.entityType, event.entityId, event.action, event.actorId,
            event.payloadJson);
}

PageOf<AuditEventRecord> AuditRepository::list(const AuditEventFilter& f, int limit, int64_t offset) {
    PageOf<AuditEventRecord> page;
    for (const auto& row : db_.exec(kList, f.entityType, f.entityId, f.action, f.actorId,
                                    f.fromMicros, f.toMicros, limit, offset)) {
        page.rows.push_back(toEvent(row));
    }
    page.total = onlyValue<int64_t>(
        db_.exec(kCount, f.entityType, f.entityId, f.action, f.actorId, f.fromMicros, f.toMicros),
        kCount.name);
    return page;
}

std::optional<AuditEventRecord> AuditRepository::find(const std::string& id) {
    return optionalRecord(db_.exec(kFind, id), kFind.name, toEvent);
}

}  // namespace tessera::store
