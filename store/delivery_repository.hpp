// SQL for outbound deliveries (spec 04 §3.5): one row per webhook or Slack message, written in
// the transaction of the change that caused it (an outbox: no message for a rolled-back change,
// none lost when the process dies after commit), then claimed and updated by the delivery
// workers. Claims are leases, so several replicas never send one row twice at the same time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct DeliveryInsert {
    std::string channel;  // webhook / slack
    std::string eventType;
    std::string url;
    std::string body;  // the exact bytes to send and sign (the payload column is its JSON)
};

// A delivery as GET /webhooks/deliveries shows it.
struct DeliveryRecord {
    std::string id;
    std::string eventType;
    std::string payloadJson;
    std::string url;
    std::string status;  // pending / delivered / failed
    int64_t attempts = 0;
    std::optional<int64_t> lastAttemptAt;
    std::optional<std::string> lastError;
    std::optional<int64_t> lastStatusCode;
    int64_t createdAt = 0;
    std::optional<int64_t> deliveredAt;
};

// What a worker needs to make the next attempt.
struct DueDelivery {
    std::string id;
    std::string channel;
    std::string eventType;
    std::string url;
    std::string body;
    int64_t attempts = 0;  // made so far
};

struct DeliveryFilter {
    std::optional<std::string> status;
    std::optional<std::string> eventType;
};

class DeliveryRepository {
  public:
    explicit DeliveryRepository(DbSession& db) : db_(db) {}

    void insert(const DeliveryInsert& delivery);

    // Webhook deliveries only, newest first.
    PageOf<DeliveryRecord> list(const DeliveryFilter& filter, int limit, int64_t offset);
    std::optional<DeliveryRecord> find(const std::string& id);

    // Up to `limit` pending rows that are due, each leased for `leaseSeconds` (a worker that
    // dies mid-attempt leaves the row to be retried once the lease runs out).
    std::vector<DueDelivery> claimDue(int limit, int leaseSeconds);
    // Microseconds since the epoch of the earliest pending row's next attempt, if any.
    std::optional<int64_t> nextDueAt();

    void markDelivered(const std::string& id, int64_t attempts, int statusCode);
    // A failed attempt with attempts left: pending again, due after `delaySeconds`.
    void markRetry(const std::string& id, int64_t attempts, double delaySeconds,
                   const std::string& error, std::optional<int> statusCode);
    void markFailed(const std::string& id, int64_t attempts, const std::string& error,
                    std::optional<int> statusCode);
    // An attempt abandoned at shutdown: due again at once, attempts unchanged.
    void release(const std::string& id);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
