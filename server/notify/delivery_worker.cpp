#include "server/notify/delivery_worker.hpp"

#include <algorithm>
#include <chrono>

#include "core/error_codes.hpp"
#include "core/notification_messages.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "server/logger.hpp"
#include "server/notify/outbound_http.hpp"
#include "server/notify/webhook_signature.hpp"
#include "store/db_session.hpp"

namespace tessera::server {
namespace {

// Longer than any attempt (the 30 s timeout), so a lease only runs out when its worker died.
constexpr int kLeaseSeconds = 90;
// Rows written by other replicas, and retries coming due, are looked for at least this often.
constexpr auto kMaxIdleWait = std::chrono::seconds(1);
// last_error keeps the first 500 characters (spec 04 §3.5).
constexpr size_t kMaxErrorChars = 500;

bool succeeded(const store::DueDelivery& delivery, const OutboundResult& result) {
    if (!result.status) return false;
    // Slack answers 200 "ok" (04 §3.7); webhooks succeed with any status below 300.
    if (delivery.channel == "slack")
        return *result.status == core::status::kOk && result.body == "ok";
    return *result.status < 300;
}

// The response's body (spec 04 §3.5), empty when it had none (its status is in
// last_status_code), or the transport's error text.
std::string failureText(const OutboundResult& result) {
    return core::sanitizedUtf8Prefix(result.body, kMaxErrorChars);
}

}  // namespace

DeliveryWorker::DeliveryWorker(store::ConnectionPool& pool, DeliverySettings settings)
    : pool_(pool), settings_(std::move(settings)) {
    initOutboundHttp();
}

DeliveryWorker::~DeliveryWorker() {
    stop();
}

void DeliveryWorker::start() {
    for (int i = 0; i < settings_.threads; ++i) threads_.emplace_back([this] { run(); });
}

void DeliveryWorker::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
}

void DeliveryWorker::wakeUp() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ++wakeUps_;
    }
    wake_.notify_all();
}

void DeliveryWorker::run() {
    while (!stopping_) {
        bool worked = false;
        try {
            worked = attemptOne();
        } catch (const std::exception& error) {
            // Postgres unreachable and the like: the rows stay pending; try again later.
            logWarning(std::string("webhook delivery: ") + error.what());
        }
        if (!worked) waitForWork();
    }
}

void DeliveryWorker::waitForWork() {
    auto wait = std::chrono::duration_cast<std::chrono::microseconds>(kMaxIdleWait);
    try {
        store::DbSession db(pool_);
        const auto nextDue = store::DeliveryRepository(db).nextDueAt();
        db.commit();
        if (nextDue) {
            const auto untilDue = std::chrono::microseconds(*nextDue - core::currentEpochMicros());
            wait = std::clamp(untilDue, std::chrono::microseconds(0), wait);
        }
    } catch (const std::exception&) {
        // Keep the full wait; run() reports database trouble.
    }
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t seen = wakeUps_;
    wake_.wait_for(lock, wait, [&] { return stopping_ || wakeUps_ != seen; });
}

bool DeliveryWorker::attemptOne() {
    std::vector<store::DueDelivery> due;
    {
        store::DbSession db(pool_);
        due = store::DeliveryRepository(db).claimDue(1, kLeaseSeconds);
        db.commit();
    }
    if (due.empty()) return false;
    attempt(due.front());
    return true;
}

void DeliveryWorker::attempt(const store::DueDelivery& delivery) {
    std::vector<std::string> headers = {"Content-Type: application/json"};
    long timeout = settings_.slackTimeoutSeconds;
    if (delivery.channel == "webhook") {
        timeout = settings_.webhookTimeoutSeconds;
        if (auto envelope = core::envelopeHeaders(delivery.body)) {
            headers.push_back("X-Tessera-Event: " + envelope->event);
            headers.push_back("X-Tessera-Timestamp: " + envelope->timestamp);
        }
        if (!settings_.webhookSecret.empty()) {
            headers.push_back("X-Tessera-Signature: " +
                              webhookSignature(settings_.webhookSecret, delivery.body));
        }
    }
    const OutboundResult result =
        postJson(delivery.url, delivery.body, headers, timeout, &stopping_);

    store::DbSession db(pool_);
    store::DeliveryRepository deliveries(db);
    const int64_t attempts = delivery.attempts + 1;
    const int64_t maxAttempts = static_cast<int64_t>(settings_.retryDelaysSeconds.size()) + 1;
    if (succeeded(delivery, result)) {
        deliveries.markDelivered(delivery.id, attempts, *result.status);
    } else if (stopping_ && !result.status) {
        deliveries.release(delivery.id);  // cut short by shutdown: not an attempt
    } else if (attempts < maxAttempts) {
        deliveries.markRetry(delivery.id, attempts,
                             settings_.retryDelaysSeconds[static_cast<size_t>(attempts - 1)],
                             failureText(result), result.status);
    } else {
        deliveries.markFailed(delivery.id, attempts, failureText(result), result.status);
        logWarning(delivery.channel + " delivery " + delivery.id + " (" + delivery.eventType +
                   ") failed after " + std::to_string(attempts) + " attempts");
    }
    db.commit();
}

}  // namespace tessera::server
