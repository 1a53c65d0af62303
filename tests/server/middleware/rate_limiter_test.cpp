// Fixed-window counting (server/middleware/rate_limiter).
#include "server/middleware/rate_limiter.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;
using tessera::core::parseRateLimits;
using namespace std::chrono_literals;

TEST_CASE("a fixed window refuses the N+1th request and frees at its end", "[ratelimit]") {
    RateLimiter limiter;
    const auto limits = *parseRateLimits("2/minute", nullptr);
    const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
    CHECK(limiter.hit("k", limits, t0).allowed);
    CHECK(limiter.hit("k", limits, t0 + 1s).allowed);
    auto refused = limiter.hit("k", limits, t0 + 20s);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retryAfterSeconds == 40);
    CHECK(refused.exceededLimit == "2 per 1 minute");
    CHECK(limiter.hit("other", limits, t0 + 20s).allowed);  // another key is unaffected
    CHECK(limiter.hit("k", limits, t0 + 60s).allowed);      // the window started at t0
}

TEST_CASE("Retry-After is at least one second", "[ratelimit]") {
    RateLimiter limiter;
    const auto limits = *parseRateLimits("1/second", nullptr);
    const auto t0 = RateLimiter::Clock::time_point{} + 5s;
    limiter.hit("k", limits, t0);
    auto refused = limiter.hit("k", limits, t0 + 999ms);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retryAfterSeconds == 1);
}

TEST_CASE("memory stays bounded with many callers", "[ratelimit]") {
    RateLimiter limiter(16);
    const auto limits = *parseRateLimits("1/hour", nullptr);
    const auto t0 = RateLimiter::Clock::time_point{} + 5s;
    for (int i = 0; i < 20000; ++i) limiter.hit("caller-" + std::to_string(i), limits, t0);
    CHECK(limiter.trackedWindows() <= 64 * 16);
}
