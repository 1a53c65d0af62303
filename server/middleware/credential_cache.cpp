#include "server/middleware/credential_cache.hpp"

#include <algorithm>

namespace tessera::server {

std::optional<CredentialCache::Entry> CredentialCache::findWithin(const std::string& keyHash,
                                                                  int64_t nowMicros,
                                                                  std::chrono::milliseconds age) {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(keyHash);
    if (it == slots_.end()) return std::nullopt;
    const Slot& slot = it->second;
    const bool keyExpired = slot.entry.expiresAtMicros && *slot.entry.expiresAtMicros <= nowMicros;
    const auto since = Clock::now() - slot.verifiedAt;
    if (keyExpired || since >= std::max(timeToLive_, outageGrace_)) {
        slots_.erase(it);
        return std::nullopt;
    }
    if (since >= age) return std::nullopt;
    return slot.entry;
}

std::optional<CredentialCache::Entry> CredentialCache::find(const std::string& keyHash,
                                                            int64_t nowMicros) {
    return findWithin(keyHash, nowMicros, timeToLive_);
}

std::optional<CredentialCache::Entry> CredentialCache::findVerifiedRecently(
    const std::string& keyHash, int64_t nowMicros) {
    return findWithin(keyHash, nowMicros, outageGrace_);
}

void CredentialCache::remember(const std::string& keyHash, Entry entry) {
    std::lock_guard lock(mutex_);
    // Bounded: a flood of distinct keys just starts the cache over.
    if (slots_.size() >= maxEntries_ && !slots_.count(keyHash)) slots_.clear();
    slots_[keyHash] = Slot{std::move(entry), Clock::now()};
}

void CredentialCache::forgetKey(const std::string& keyId) {
    std::lock_guard lock(mutex_);
    for (auto it = slots_.begin(); it != slots_.end();) {
        it = it->second.entry.keyId == keyId ? slots_.erase(it) : std::next(it);
    }
}

std::optional<std::string> CredentialCache::firstTeam() {
    std::lock_guard lock(mutex_);
    return firstTeam_;
}

void CredentialCache::rememberFirstTeam(const std::string& teamId) {
    std::lock_guard lock(mutex_);
    firstTeam_ = teamId;
}

void CredentialCache::forgetAll() {
    std::lock_guard lock(mutex_);
    slots_.clear();
    firstTeam_.reset();
}

}  // namespace tessera::server
