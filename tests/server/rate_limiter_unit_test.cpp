#include "server/middleware/rate_limiter.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;
using tessera::core::parseRateLimits;
using namespace std::chrono_literals;

TEST_CASE("limit strings in every accepted form", "[ratelimit]") {
    auto limits = parseRateLimits("100/minute", nullptr);
    REQUIRE(limits);
    CHECK((*limits)[0].amount == 100);
    CHECK((*limits)[0].window == 60s);
    CHECK((*limits)[0].description == "100 per 1 minute");

    auto several = parseRateLimits("5 per 10 seconds; 1000/Hours | 2 per day", nullptr);
    REQUIRE(several);
    REQUIRE(several->size() == 3);
    CHECK((*several)[0].window == 10s);
    CHECK((*several)[0].description == "5 per 10 second");
    CHECK((*several)[1].window == 3600s);
    CHECK((*several)[2].description == "2 per 1 day");

    std::string error;
    CHECK_FALSE(parseRateLimits("lots/minute", &error));
    CHECK(error.find("lots/minute") != std::string::npos);
    CHECK_FALSE(parseRateLimits("5/fortnight", &error));
    CHECK_FALSE(parseRateLimits("0/minute", &error));
    CHECK_FALSE(parseRateLimits("", &error));
}

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
