// Sends the persisted deliveries (spec 04 §3.4–3.5, §3.7) off the request path: a few threads
// claim due rows (a lease, so replicas and threads never send one row at once), POST them,
// and record the outcome. A failed attempt is rescheduled in the row, not slept on, so a dead
// endpoint holds no thread; rows left pending by a stopped process are picked up at start.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/connection_pool.hpp"
#include "store/delivery_repository.hpp"

namespace tessera::server {

struct DeliverySettings {
    int threads = 2;
    // Waits after the 1st, 2nd, … failed attempt; attempts in total = delays + 1 (spec: 1 s, 5 s).
    std::vector<double> retryDelaysSeconds = {1.0, 5.0};
    std::string webhookSecret;
    long webhookTimeoutSeconds = 30;
    long slackTimeoutSeconds = 10;
};

class DeliveryWorker {
  public:
    DeliveryWorker(store::ConnectionPool& pool, DeliverySettings settings);
    ~DeliveryWorker();
    DeliveryWorker(const DeliveryWorker&) = delete;
    DeliveryWorker& operator=(const DeliveryWorker&) = delete;

    void start();
    // Abandons attempts in flight (their rows are due again at once) and joins the threads.
    void stop();
    // New deliveries were committed.
    void wakeUp();

  private:
    void run();
    // True when a row was claimed (and attempted).
    bool attemptOne();
    void attempt(const store::DueDelivery& delivery);
    void waitForWork();

    store::ConnectionPool& pool_;
    const DeliverySettings settings_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    uint64_t wakeUps_ = 0;
};

}  // namespace tessera::server
