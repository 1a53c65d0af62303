// Keeps what this replica remembers besides the dependency index (which follows its own channel,
// server/index/) coherent with writes made elsewhere:
// - an API key revoked or a user deactivated on any replica: forgotten here as soon as the
//   notice arrives (milliseconds), not when the credential cache's entry would have expired;
// - rows changed behind the server's back (an operator, a test harness truncating tables):
//   every verified credential, the first team and the Redis read cache are dropped;
// - the listener lost its connection (notices may have been missed meanwhile): the same.
#pragma once

#include <memory>
#include <string>

namespace tessera::store {
class NotificationListener;
}

namespace tessera::server {

class CredentialCache;
class RedisCache;

class ReplicaCoherence {
  public:
    // `cache` may be null (no Redis configured).
    ReplicaCoherence(std::string connectionString, CredentialCache& credentials, RedisCache* cache);
    ~ReplicaCoherence();
    ReplicaCoherence(const ReplicaCoherence&) = delete;
    ReplicaCoherence& operator=(const ReplicaCoherence&) = delete;

    // Starts listening; returns once LISTEN is in place or after `waitMilliseconds`.
    void start(int waitMilliseconds = 2000);
    void stop();

  private:
    void onNotice(const std::string& channel, const std::string& payload);
    void forgetEverything(const std::string& reason);

    CredentialCache& credentials_;
    RedisCache* cache_;
    std::unique_ptr<store::NotificationListener> listener_;
};

}  // namespace tessera::server
