// Rate limits as configured (spec 01 §6): strings such as "100/minute" or "5 per 10 seconds",
// several joined by `,`, `;` or `|`. Parsed once at start-up; the counting lives in
// server/middleware/rate_limiter.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::core {

struct RateLimit {
    int64_t amount = 0;
    std::chrono::milliseconds window{0};
    std::string description;  // "2 per 1 minute", as reported in 429 bodies
};

// Parses one or more limits joined by `,`, `;` or `|`. nullopt with `error` on bad input.
std::optional<std::vector<RateLimit>> parseRateLimits(std::string_view text, std::string* error);

}  // namespace tessera::core
