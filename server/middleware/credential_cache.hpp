// Verified API keys, remembered for a few seconds so that hot read paths (dashboards polling the
// blast radius) authenticate without a database round trip. Revocation on this replica forgets
// the key at once; other replicas honour it within the time-to-live.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tessera::server {

class CredentialCache {
  public:
    using Clock = std::chrono::steady_clock;

    struct Entry {
        std::string keyId;
        std::string teamId;
        std::vector<std::string> scopes;
        std::optional<int64_t> expiresAtMicros;  // the key's own expiry (epoch µs)
    };

    explicit CredentialCache(std::chrono::milliseconds timeToLive = std::chrono::seconds(5),
                             size_t maxEntries = 10000)
        : timeToLive_(timeToLive), maxEntries_(maxEntries) {}

    // A fresh entry for the SHA-256 of a key, unless it expired (cache or key).
    std::optional<Entry> find(const std::string& keyHash, int64_t nowMicros);
    void remember(const std::string& keyHash, Entry entry);
    void forgetKey(const std::string& keyId);

  private:
    struct Slot {
        Entry entry;
        Clock::time_point validUntil;
    };
    std::chrono::milliseconds timeToLive_;
    size_t maxEntries_;
    std::mutex mutex_;
    std::unordered_map<std::string, Slot> slots_;
};

}  // namespace tessera::server
