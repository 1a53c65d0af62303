#include "server/handlers/audit.hpp"

#include "core/errors.hpp"
#include "core/timestamp.hpp"
#include "server/handlers/audit_payload_order.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "store/audit_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

// Fixed 50 / 100 whatever PAGINATION_LIMIT_* say (spec 01 §7).

void writeEvent(JsonWriter& w, const store::AuditEventRecord& event) {
    w.StartObject();
    w.Key("id");
    core::writeString(w, event.id);
    w.Key("entity_type");
    core::writeString(w, event.entityType);
    w.Key("entity_id");
    core::writeString(w, event.entityId);
    w.Key("action");
    core::writeString(w, event.action);
    w.Key("actor_id");
    core::writeNullableString(w, event.actorId);
    w.Key("payload");
    writeAuditPayload(w, event.action, event.payloadJson);
    w.Key("occurred_at");
    core::writeString(w, core::formatTimestamp(event.occurredAt));
    w.EndObject();
}

HttpResponse eventPage(RequestContext& context, const store::AuditEventFilter& filter,
                       const PageParams& page) {
    store::AuditRepository audit(context.db);
    const auto result = audit.list(filter, page.limit, page.offset);
    return pageResponse(result.rows, result.total, page, writeEvent);
}

}  // namespace

HttpResponse listAuditEvents(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination(kFixedPageDefault, kFixedPageMax);
    store::AuditEventFilter filter;
    filter.entityType = validate.queryText("entity_type");
    filter.entityId = validate.queryUuid("entity_id");
    filter.action = validate.queryText("action");
    filter.actorId = validate.queryUuid("actor_id");
    filter.fromMicros = validate.queryDatetime("from");
    filter.toMicros = validate.queryDatetime("to");
    validate.finish();
    return eventPage(context, filter, page);
}

HttpResponse getAuditEvent(RequestContext& context) {
    RequestValidator validate(context);
    const std::string eventId = validate.pathUuid("event_id");
    validate.finish();

    store::AuditRepository audit(context.db);
    auto event = audit.find(eventId);
    if (!event) {
        throw core::notFound(core::code::kNotFound,
                             "Audit event with ID '" + eventId + "' not found");
    }
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) { writeEvent(w, *event); });
}

HttpResponse getEntityHistory(RequestContext& context) {
    RequestValidator validate(context);
    const PageParams page = validate.pagination(kFixedPageDefault, kFixedPageMax);
    store::AuditEventFilter filter;
    filter.entityType = context.pathParams.at("entity_type");
    filter.entityId = validate.pathUuid("entity_id");
    validate.finish();
    return eventPage(context, filter, page);
}

}  // namespace tessera::server
