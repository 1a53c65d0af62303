// Verified API keys, remembered so that hot read paths (dashboards polling the blast radius)
// authenticate without a database round trip. A key counts as verified for a few seconds; past
// that it is checked against Postgres again. An entry is kept a few minutes longer for one use
// only: while Postgres is down, reads the in-memory index can answer still accept a key
// verified that recently (and say the data may be stale). Revocation forgets a key at once on
// every replica (the `tessera_credentials` notice, server/coherence/).
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
                             std::chrono::milliseconds outageGrace = std::chrono::minutes(5),
                             size_t maxEntries = 10000)
        : timeToLive_(timeToLive), outageGrace_(outageGrace), maxEntries_(maxEntries) {}

    // An entry for the SHA-256 of a key verified within the time-to-live, unless the key
    // itself expired.
    std::optional<Entry> find(const std::string& keyHash, int64_t nowMicros);
    // The same within the outage grace: only for answers that need no database.
    std::optional<Entry> findVerifiedRecently(const std::string& keyHash, int64_t nowMicros);
    void remember(const std::string& keyHash, Entry entry);
    void forgetKey(const std::string& keyId);

    // The earliest team, which the bootstrap key and AUTH_DISABLED act as.
    std::optional<std::string> firstTeam();
    void rememberFirstTeam(const std::string& teamId);

    // Everything above: the tables were changed behind the server's back.
    void forgetAll();

  private:
    struct Slot {
        Entry entry;
        Clock::time_point verifiedAt;
    };
    std::optional<Entry> findWithin(const std::string& keyHash, int64_t nowMicros,
                                    std::chrono::milliseconds age);

    std::chrono::milliseconds timeToLive_;
    std::chrono::milliseconds outageGrace_;
    size_t maxEntries_;
    std::mutex mutex_;
    std::unordered_map<std::string, Slot> slots_;
    std::optional<std::string> firstTeam_;
};

}  // namespace tessera::server
