#include "store/delivery_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

// The payload as sent (the body column holds the exact envelope; jsonb's copy has its keys
// sorted, and spec 04 §3.3 gives their order). Rows from before the body column: the copy.
#define DELIVERY_COLUMNS                                                             \
    "d.id::text, d.event_type, coalesce(d.body, d.payload::text), d.url, d.status, " \
    "d.attempts, "                                                                   \
    "core.epoch_us(d.last_attempt_at), d.last_error, d.last_status_code, "           \
    "core.epoch_us(d.created_at), core.epoch_us(d.delivered_at)"
#define LIST_FILTER                            \
    " WHERE d.channel = 'webhook'"             \
    " AND ($1::text IS NULL OR d.status = $1)" \
    " AND ($2::text IS NULL OR d.event_type = $2)"

const Statement kInsert{"delivery_insert",
                        "INSERT INTO core.webhook_deliveries"
                        " (channel, event_type, url, body, payload)"
                        " VALUES ($1, $2, $3, $4::text, $4::jsonb)"};
const Statement kList{"delivery_list",
                      "SELECT " DELIVERY_COLUMNS " FROM core.webhook_deliveries d" LIST_FILTER
                      " ORDER BY d.created_at DESC, d.id DESC LIMIT $3 OFFSET $4"};
const Statement kCount{"delivery_count",
                       "SELECT count(*) FROM core.webhook_deliveries d" LIST_FILTER};
const Statement kFind{"delivery_find", "SELECT " DELIVERY_COLUMNS
                                       " FROM core.webhook_deliveries d"
                                       " WHERE d.id = $1 AND d.channel = 'webhook'"};
// SKIP LOCKED: concurrent claimers (other workers, other replicas) take different rows.
const Statement kClaimDue{
    "delivery_claim_due",
    "UPDATE core.webhook_deliveries d"
    " SET next_attempt_at = now() + $2::int * interval '1 second'"
    " WHERE d.id IN (SELECT id FROM core.webhook_deliveries"
    "   WHERE status = 'pending' AND next_attempt_at <= now()"
    "   ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
    " RETURNING d.id::text, d.channel, d.event_type, d.url, coalesce(d.body, d.payload::text),"
    " d.attempts"};
const Statement kNextDue{"delivery_next_due",
                         "SELECT core.epoch_us(min(next_attempt_at)) FROM core.webhook_deliveries"
                         " WHERE status = 'pending'"};
const Statement kDelivered{"delivery_delivered",
                           "UPDATE core.webhook_deliveries SET status = 'delivered',"
                           " attempts = $2, last_attempt_at = now(), last_status_code = $3,"
                           " last_error = NULL, delivered_at = now() WHERE id = $1"};
// last_status_code keeps the most recent attempt that got an HTTP answer (spec 04 §3.5).
const Statement kRetry{"delivery_retry",
                       "UPDATE core.webhook_deliveries SET attempts = $2, last_attempt_at = now(),"
                       " next_attempt_at = now() + $3::float8 * interval '1 second',"
                       " last_error = $4, last_status_code = coalesce($5, last_status_code)"
                       " WHERE id = $1"};
const Statement kFailed{"delivery_failed",
                        "UPDATE core.webhook_deliveries SET status = 'failed', attempts = $2,"
                        " last_attempt_at = now(), last_error = $3,"
                        " last_status_code = coalesce($4, last_status_code) WHERE id = $1"};
const Statement kRelease{"delivery_release",
                         "UPDATE core.webhook_deliveries SET next_attempt_at = now()"
                         " WHERE id = $1 AND status = 'pending'"};

#undef LIST_FILTER
#undef DELIVERY_COLUMNS

DeliveryRecord toDelivery(const pqxx::row& row) {
    return DeliveryRecord{
        row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
        row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<int64_t>(),
        nullableInt64(row[6]),    nullableText(row[7]),     nullableInt64(row[8]),
        row[9].as<int64_t>(),     nullableInt64(row[10])};
}

}  // namespace

void DeliveryRepository::insert(const DeliveryInsert& delivery) {
    db_.exec(kInsert, delivery.channel, delivery.eventType, delivery.url, delivery.body);
}

PageOf<DeliveryRecord> DeliveryRepository::list(const DeliveryFilter& filter, int limit,
                                                int64_t offset) {
    PageOf<DeliveryRecord> page;
    for (const auto& row : db_.exec(kList, filter.status, filter.eventType, limit, offset)) {
        page.rows.push_back(toDelivery(row));
    }
    page.total = onlyValue<int64_t>(db_.exec(kCount, filter.status, filter.eventType), kCount.name);
    return page;
}

std::optional<DeliveryRecord> DeliveryRepository::find(const std::string& id) {
    return optionalRecord(db_.exec(kFind, id), kFind.name, toDelivery);
}

std::vector<DueDelivery> DeliveryRepository::claimDue(int limit, int leaseSeconds) {
    std::vector<DueDelivery> due;
    for (const auto& row : db_.exec(kClaimDue, limit, leaseSeconds)) {
        due.push_back(DueDelivery{row[0].as<std::string>(), row[1].as<std::string>(),
                                  row[2].as<std::string>(), row[3].as<std::string>(),
                                  row[4].as<std::string>(), row[5].as<int64_t>()});
    }
    return due;
}

std::optional<int64_t> DeliveryRepository::nextDueAt() {
    // min() over no pending row is one row holding NULL: nothing is due.
    const pqxx::row row = onlyRow(db_.exec(kNextDue), kNextDue.name);
    return nullableInt64(row[0]);
}

void DeliveryRepository::markDelivered(const std::string& id, int64_t attempts, int statusCode) {
    db_.exec(kDelivered, id, attempts, statusCode);
}

void DeliveryRepository::markRetry(const std::string& id, int64_t attempts, double delaySeconds,
                                   const std::string& error, std::optional<int> statusCode) {
    db_.exec(kRetry, id, attempts, delaySeconds, error, statusCode);
}

void DeliveryRepository::markFailed(const std::string& id, int64_t attempts,
                                    const std::string& error, std::optional<int> statusCode) {
    db_.exec(kFailed, id, attempts, error, statusCode);
}

void DeliveryRepository::release(const std::string& id) {
    db_.exec(kRelease, id);
}

}  // namespace tessera::store
