#include "store/notification_listener.hpp"

#include <chrono>
#include <memory>
#include <pqxx/pqxx>

namespace tessera::store {
namespace {

class Receiver : public pqxx::notification_receiver {
  public:
    Receiver(pqxx::connection_base& connection, const std::string& channel,
             const NotificationListener::PayloadHandler& handler)
        : pqxx::notification_receiver(connection, channel), handler_(handler) {}
    void operator()(const std::string& payload, int) override { handler_(channel(), payload); }

  private:
    const NotificationListener::PayloadHandler& handler_;
};

}  // namespace

NotificationListener::NotificationListener(std::string connectionString,
                                           std::vector<std::string> channels,
                                           PayloadHandler onPayload, ReconnectHandler onReconnect)
    : connectionString_(std::move(connectionString)),
      channels_(std::move(channels)),
      onPayload_(std::move(onPayload)),
      onReconnect_(std::move(onReconnect)) {}

NotificationListener::~NotificationListener() {
    stop();
}

void NotificationListener::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void NotificationListener::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void NotificationListener::run() {
    bool connectedBefore = false;
    while (!stopping_) {
        try {
            pqxx::connection connection(connectionString_);
            std::vector<std::unique_ptr<Receiver>> receivers;
            for (const auto& channel : channels_) {
                receivers.push_back(std::make_unique<Receiver>(connection, channel, onPayload_));
            }
            connection.get_notifs();  // issues the LISTENs
            listening_ = true;
            // Anything missed while disconnected is recovered by the owner's resync.
            if (connectedBefore && onReconnect_) onReconnect_();
            connectedBefore = true;
            while (!stopping_) {
                // Wakes at least every 200 ms to notice stop(); notifications arrive at once.
                connection.await_notification(0, 200000);
            }
        } catch (const std::exception&) {
            listening_ = false;
            // Postgres is away: try again shortly (stop() is honoured within the wait).
            for (int i = 0; i < 10 && !stopping_; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    }
    listening_ = false;
}

}  // namespace tessera::store
