// A background thread that LISTENs on Postgres channels with its own connection and hands
// every notification to a callback. It reconnects after a connection loss and then calls
// `onReconnect` (notifications sent while it was away are lost, so the owner must resync).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace tessera::store {

class NotificationListener {
  public:
    using PayloadHandler =
        std::function<void(const std::string& channel, const std::string& payload)>;
    using ReconnectHandler = std::function<void()>;

    NotificationListener(std::string connectionString, std::vector<std::string> channels,
                         PayloadHandler onPayload, ReconnectHandler onReconnect);
    ~NotificationListener();
    NotificationListener(const NotificationListener&) = delete;
    NotificationListener& operator=(const NotificationListener&) = delete;

    void start();
    void stop();
    // True once LISTEN is in place (tests wait for it before writing).
    bool listening() const { return listening_.load(); }

  private:
    void run();

    std::string connectionString_;
    std::vector<std::string> channels_;
    PayloadHandler onPayload_;
    ReconnectHandler onReconnect_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> listening_{false};
    std::thread thread_;
};

}  // namespace tessera::store
