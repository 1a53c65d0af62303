#include "server/middleware/credential_cache.hpp"

namespace tessera::server {

std::optional<CredentialCache::Entry> CredentialCache::find(const std::string& keyHash,
                                                            int64_t nowMicros) {
    std::lock_guard lock(mutex_);
    auto it = slots_.find(keyHash);
    if (it == slots_.end()) return std::nullopt;
    const Slot& slot = it->second;
    const bool keyExpired = slot.entry.expiresAtMicros && *slot.entry.expiresAtMicros <= nowMicros;
    if (Clock::now() >= slot.validUntil || keyExpired) {
        slots_.erase(it);
        return std::nullopt;
    }
    return slot.entry;
}

void CredentialCache::remember(const std::string& keyHash, Entry entry) {
    std::lock_guard lock(mutex_);
    // Bounded: a flood of distinct keys just starts the cache over.
    if (slots_.size() >= maxEntries_) slots_.clear();
    slots_[keyHash] = Slot{std::move(entry), Clock::now() + timeToLive_};
}

void CredentialCache::forgetKey(const std::string& keyId) {
    std::lock_guard lock(mutex_);
    for (auto it = slots_.begin(); it != slots_.end();) {
        it = it->second.entry.keyId == keyId ? slots_.erase(it) : std::next(it);
    }
}

}  // namespace tessera::server
