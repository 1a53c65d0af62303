// Command line of tessera_fuzz.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tessera::fuzz {

struct FuzzOptions {
    uint64_t requests = 100000;
    uint64_t seed = 0;                            // 0: pick one from the clock (and print it)
    int threads = 8;                              // mostly waiting on sockets
    std::optional<uint64_t> rateLimitedRequests;  // default: requests / 50, at least 500
    long maxRssGrowthMb = 64;                     // server RSS after phase 1 minus before, and …
    double maxRssRatio = 2.0;        // … after over before: either past its bound fails
    std::optional<uint64_t> replay;  // only this case, printed with its answers
    size_t reportLimit = 10;
    std::string serverBinary;
};

// Exits with usage on a bad argument.
FuzzOptions parseOptions(int argc, char** argv);

}  // namespace tessera::fuzz
