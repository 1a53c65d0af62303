// A tiny HTTP endpoint on a free loopback port that records what the server's delivery workers
// POST to it and answers with scripted statuses (e.g. 500, 500, then 200), optionally slowly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tessera::testing {

struct ReceivedRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::chrono::steady_clock::time_point at;
};

class WebhookReceiver {
  public:
    // Answers the n-th request with statuses[n] (the last one repeats; 200 when empty), with
    // `responseBody`, after waiting `delay`. `port` 0 picks a free one.
    explicit WebhookReceiver(std::vector<int> statuses = {}, std::string responseBody = "ok",
                             std::chrono::milliseconds delay = std::chrono::milliseconds(0),
                             int port = 0);
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

    // Waits until at least `count` requests arrived; false on timeout.
    bool waitFor(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::vector<ReceivedRequest> requests() const;

  private:
    void serve();
    void handle(int client);

    std::vector<int> statuses_;
    std::string responseBody_;
    std::chrono::milliseconds delay_;
    int listener_ = -1;
    int port_ = 0;
    bool stopping_ = false;
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<ReceivedRequest> requests_;
    std::thread thread_;
};

// A loopback port nothing listens on right now.
int unusedLoopbackPort();

}  // namespace tessera::testing
