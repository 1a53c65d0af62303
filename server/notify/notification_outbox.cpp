#include "server/notify/notification_outbox.hpp"

#include "store/delivery_repository.hpp"

namespace tessera::server {

void NotificationOutbox::webhook(store::DbSession& db, std::string_view eventType,
                                 const std::string& body) {
    if (webhooksEnabled()) enqueue(db, "webhook", webhookUrl_, eventType, body);
}

void NotificationOutbox::slack(store::DbSession& db, std::string_view eventType,
                               const std::string& body) {
    if (slackEnabled()) enqueue(db, "slack", slackUrl_, eventType, body);
}

void NotificationOutbox::enqueue(store::DbSession& db, const char* channel, const std::string& url,
                                 std::string_view eventType, const std::string& body) {
    store::DeliveryRepository(db).insert({channel, std::string(eventType), url, body});
    if (wakeUp_) db.afterCommit(wakeUp_);
}

}  // namespace tessera::server
