#include "server/handlers/webhooks.hpp"

#include "core/api_enums.hpp"
#include "core/timestamp.hpp"
#include "server/http/pagination.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "store/delivery_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

void writeDelivery(JsonWriter& w, const store::DeliveryRecord& delivery) {
    w.StartObject();
    w.Key("id");
    core::writeString(w, delivery.id);
    w.Key("event_type");
    core::writeString(w, delivery.eventType);
    w.Key("payload");
    core::writeStoredJson(w, delivery.payloadJson);
    w.Key("url");
    core::writeString(w, delivery.url);
    w.Key("status");
    core::writeString(w, delivery.status);
    w.Key("attempts");
    w.Int64(delivery.attempts);
    w.Key("last_attempt_at");
    core::writeNullableTimestamp(w, delivery.lastAttemptAt);
    w.Key("last_error");
    core::writeNullableString(w, delivery.lastError);
    w.Key("last_status_code");
    if (delivery.lastStatusCode) {
        w.Int64(*delivery.lastStatusCode);
    } else {
        w.Null();
    }
    w.Key("created_at");
    core::writeString(w, core::formatTimestamp(delivery.createdAt));
    w.Key("delivered_at");
    core::writeNullableTimestamp(w, delivery.deliveredAt);
    w.EndObject();
}

}  // namespace

HttpResponse listWebhookDeliveries(RequestContext& context) {
    RequestValidator validate(context);
    store::DeliveryFilter filter;
    filter.status = validate.queryEnum("status", core::kWebhookDeliveryStatuses);
    filter.eventType = validate.queryText("event_type");
    const PageParams page = validate.pagination(kFixedPageDefault, kFixedPageMax);
    validate.finish();

    const auto result = store::DeliveryRepository(context.db).list(filter, page.limit, page.offset);
    // No limit/offset keys in this list (spec 04 §3.6).
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("results");
        w.StartArray();
        for (const auto& delivery : result.rows) writeDelivery(w, delivery);
        w.EndArray();
        w.Key("total");
        w.Int64(result.total);
        w.EndObject();
    });
}

HttpResponse getWebhookDelivery(RequestContext& context) {
    RequestValidator validate(context);
    const std::string id = validate.pathUuid("delivery_id");
    validate.finish();

    const auto delivery = store::DeliveryRepository(context.db).find(id);
    if (!delivery) {
        throw core::notFound(core::code::kNotFound,
                             "Webhook delivery with ID '" + id + "' not found");
    }
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) { writeDelivery(w, *delivery); });
}

}  // namespace tessera::server
