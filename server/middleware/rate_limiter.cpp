#include "server/middleware/rate_limiter.hpp"

#include <algorithm>
#include <functional>

namespace tessera::server {

RateLimiter::Decision RateLimiter::hit(std::string_view key,
                                       const std::vector<core::RateLimit>& limits,
                                       Clock::time_point now) {
    Decision decision;
    for (size_t i = 0; i < limits.size(); ++i) {
        const core::RateLimit& limit = limits[i];
        // The limit is part of the counter's identity (spec 01 §6): two buckets with the same
        // limit string share the caller's counter on a route, as in the original.
        std::string counterKey;
        counterKey.reserve(key.size() + 24);
        counterKey.append(key).push_back('#');
        counterKey.append(std::to_string(limit.amount)).push_back('/');
        counterKey.append(std::to_string(limit.window.count()));
        Shard& shard = shards_[std::hash<std::string>{}(counterKey) % kShards];
        std::lock_guard lock(shard.mutex);
        // Make room before inserting so the entry we hold below is never swept away.
        if (shard.windows.size() >= maxEntriesPerShard_ && !shard.windows.count(counterKey)) {
            sweep(shard, now);
        }
        auto [it, inserted] = shard.windows.try_emplace(std::move(counterKey));
        Window& window = it->second;
        if (inserted || now >= window.end) {
            window.start = now;
            window.end = now + limit.window;
            window.count = 0;
        }
        // Every counted request increments, rejected ones included (spec 01 §6).
        if (++window.count > limit.amount && decision.allowed) {
            decision.allowed = false;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(window.end - now);
            decision.retryAfterSeconds =
                std::max<int>(1, static_cast<int>((left.count() + 999) / 1000));
            decision.exceededLimit = limit.description;
        }
    }
    return decision;
}

void RateLimiter::sweep(Shard& shard, Clock::time_point now) {
    for (auto it = shard.windows.begin(); it != shard.windows.end();) {
        it = now >= it->second.end ? shard.windows.erase(it) : std::next(it);
    }
    // Still full of live windows (many distinct callers): drop arbitrary ones rather than grow
    // without bound; those callers simply start a fresh window.
    while (shard.windows.size() >= maxEntriesPerShard_) shard.windows.erase(shard.windows.begin());
}

size_t RateLimiter::trackedWindows() {
    size_t total = 0;
    for (Shard& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.windows.size();
    }
    return total;
}

}  // namespace tessera::server
