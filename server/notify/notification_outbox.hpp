// Where handlers leave outbound notifications: a delivery row per configured destination,
// written in the request's transaction (store/delivery_repository.hpp), and a wake-up for the
// delivery workers once that transaction commits. Nothing is written when the destination is
// not configured (WEBHOOK_URL / SLACK_WEBHOOK_URL unset), as spec 04 §3.1 and §3.7 require.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "store/db_session.hpp"

namespace tessera::server {

class NotificationOutbox {
  public:
    NotificationOutbox(std::string webhookUrl, std::string slackUrl)
        : webhookUrl_(std::move(webhookUrl)), slackUrl_(std::move(slackUrl)) {}

    // Called after each commit that left deliveries behind.
    void setWakeUp(std::function<void()> wakeUp) { wakeUp_ = std::move(wakeUp); }

    bool webhooksEnabled() const { return !webhookUrl_.empty(); }
    bool slackEnabled() const { return !slackUrl_.empty(); }

    // `body` is the complete envelope (core/notification_messages.hpp).
    void webhook(store::DbSession& db, std::string_view eventType, const std::string& body);
    void slack(store::DbSession& db, std::string_view eventType, const std::string& body);

  private:
    void enqueue(store::DbSession& db, const char* channel, const std::string& url,
                 std::string_view eventType, const std::string& body);

    std::string webhookUrl_;
    std::string slackUrl_;
    std::function<void()> wakeUp_;
};

}  // namespace tessera::server
