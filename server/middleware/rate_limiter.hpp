// Fixed-window rate limiting (spec 01 §6 with 00-decisions): limits (core/rate_limit_rules.hpp);
// counters keyed by caller and route; a window starts at its
// first counted request. Sharded maps with one mutex per shard keep a check far below a
// microsecond; expired windows are swept so memory stays bounded.
#pragma once

#include "core/rate_limit_rules.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tessera::server {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    struct Decision {
        bool allowed = true;
        int retryAfterSeconds = 0;  // whole seconds until the window frees a slot (>= 1)
        std::string exceededLimit;  // description of the limit that refused the request
    };

    explicit RateLimiter(size_t maxEntriesPerShard = 8192)
        : maxEntriesPerShard_(maxEntriesPerShard) {}

    // Counts one request against every limit for `key`; refused when any limit is exceeded.
    Decision hit(std::string_view key, const std::vector<core::RateLimit>& limits,
                 Clock::time_point now = Clock::now());

    size_t trackedWindows();

  private:
    struct Window {
        Clock::time_point start;
        Clock::time_point end;
        int64_t count = 0;
    };
    struct Shard {
        std::mutex mutex;
        std::unordered_map<std::string, Window> windows;
    };
    static constexpr size_t kShards = 64;

    void sweep(Shard& shard, Clock::time_point now);

    size_t maxEntriesPerShard_;
    std::array<Shard, kShards> shards_;
};

}  // namespace tessera::server
