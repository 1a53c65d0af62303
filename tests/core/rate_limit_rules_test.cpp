// Rate-limit strings (core/rate_limit_rules).
#include "core/rate_limit_rules.hpp"

#include "tests/support/catch.hpp"

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
