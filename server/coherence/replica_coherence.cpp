#include "server/coherence/replica_coherence.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include "server/cache/redis_cache.hpp"
#include "server/logger.hpp"
#include "server/middleware/credential_cache.hpp"
#include "store/coherence_notices.hpp"
#include "store/notification_listener.hpp"

namespace tessera::server {

ReplicaCoherence::ReplicaCoherence(std::string connectionString, CredentialCache& credentials,
                                   RedisCache* cache)
    : credentials_(credentials), cache_(cache) {
    listener_ = std::make_unique<store::NotificationListener>(
        std::move(connectionString),
        std::vector<std::string>{store::kCredentialChannel, store::kResyncChannel},
        [this](const std::string& channel, const std::string& payload) {
            onNotice(channel, payload);
        },
        [this] { forgetEverything("the notice listener reconnected"); });
}

ReplicaCoherence::~ReplicaCoherence() {
    stop();
}

void ReplicaCoherence::start(int waitMilliseconds) {
    listener_->start();
    for (int i = 0; i < waitMilliseconds && !listener_->listening(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void ReplicaCoherence::stop() {
    if (listener_) listener_->stop();
}

void ReplicaCoherence::onNotice(const std::string& channel, const std::string& payload) {
    if (channel == store::kResyncChannel) {
        forgetEverything("rows of " + payload + " changed outside the server");
        return;
    }
    const auto notice = store::parseCredentialNotice(payload);
    if (!notice) return;
    switch (notice->kind) {
        case store::CredentialNotice::Kind::ApiKeyRevoked:
            credentials_.forgetKey(notice->id);
            break;
        case store::CredentialNotice::Kind::UserDeactivated:
            // Cached entries are keyed by credential, not user: dropping them all is cheap (the
            // next request of each key verifies it once more) and cannot miss one.
            credentials_.forgetAll();
            break;
    }
}

void ReplicaCoherence::forgetEverything(const std::string& reason) {
    logInfo("forgetting verified credentials and cached reads: " + reason);
    credentials_.forgetAll();
    if (cache_ && cache_->enabled()) {
        cache_->invalidate({}, {"tessera:assets:*", "tessera:contracts:*"});
    }
}

}  // namespace tessera::server
