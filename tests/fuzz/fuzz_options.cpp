#include "tests/fuzz/fuzz_options.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tessera::fuzz {
namespace {

[[noreturn]] void usage(const char* problem) {
    std::fprintf(
        stderr,
        "tessera_fuzz: %s\n"
        "usage: tessera_fuzz [--requests N] [--seed S] [--threads T]\n"
        "                    [--rate-limited-requests M] [--max-rss-growth-mb MB]\n"
        "                    [--max-rss-ratio R]\n"
        "                    [--replay CASE] [--report-limit K] [--server-binary PATH]\n"
        "Needs TESSERA_TEST_DATABASE_URL (a scratch cluster, as scripts/fuzz.sh starts).\n",
        problem);
    std::exit(2);
}

uint64_t number(const char* text) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (!text[0] || *end) usage("not a number");
    return value;
}

}  // namespace

FuzzOptions parseOptions(int argc, char** argv) {
    FuzzOptions options;
    for (int i = 1; i < argc; ++i) {
        const char* flag = argv[i];
        if (i + 1 >= argc) usage("every option takes a value");
        const char* value = argv[++i];
        if (!std::strcmp(flag, "--requests")) {
            options.requests = number(value);
        } else if (!std::strcmp(flag, "--seed")) {
            options.seed = number(value);
        } else if (!std::strcmp(flag, "--threads")) {
            options.threads = static_cast<int>(number(value));
        } else if (!std::strcmp(flag, "--rate-limited-requests")) {
            options.rateLimitedRequests = number(value);
        } else if (!std::strcmp(flag, "--max-rss-growth-mb")) {
            options.maxRssGrowthMb = static_cast<long>(number(value));
        } else if (!std::strcmp(flag, "--max-rss-ratio")) {
            options.maxRssRatio = std::atof(value);
            if (options.maxRssRatio <= 1.0) usage("--max-rss-ratio must be above 1");
        } else if (!std::strcmp(flag, "--replay")) {
            options.replay = number(value);
        } else if (!std::strcmp(flag, "--report-limit")) {
            options.reportLimit = number(value);
        } else if (!std::strcmp(flag, "--server-binary")) {
            options.serverBinary = value;
        } else {
            usage("unknown option");
        }
    }
    if (options.threads < 1) usage("--threads must be at least 1");
    if (options.seed == 0) {
        options.seed =
            static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) %
                1000000000 +
            1;
    }
    return options;
}

}  // namespace tessera::fuzz
