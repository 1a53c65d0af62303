// tessera_fuzz: malformed HTTP at scale against the real `tessera serve` and a real Postgres
// (issue 14 item 8). Phase 1 sends --requests fuzzed requests with rate limiting off, so
// handlers are reached rather than 429s measured; phase 2 a short run with it on. Fails on any
// 5xx other than 503 DATABASE_UNAVAILABLE, a 4xx outside the error envelope, a header smuggled
// into a response, a hang, a crash, or server memory growing past --max-rss-growth-mb.
// Reproduce a failure with the printed seed: --seed S (and --replay CASE for one case).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

#include "tests/fuzz/fuzz_fixture.hpp"
#include "tests/fuzz/fuzz_options.hpp"
#include "tests/fuzz/fuzz_phase.hpp"
#include "tests/fuzz/route_catalog.hpp"
#include "tests/fuzz/server_watch.hpp"
#include "tests/fuzz/vocabulary.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/server_process.hpp"

using namespace tessera;
using namespace tessera::fuzz;

namespace {

const std::string kBootstrapKey = "tess_bootstrap_fuzz_key_0123456789";
const size_t kMaxBodyBytes = 16u << 20;  // the server's default MAX_REQUEST_BODY_BYTES

std::unique_ptr<testing::ServerProcess> startServer(const FuzzOptions& options,
                                                    const std::string& databaseUrl,
                                                    bool rateLimited) {
    std::map<std::string, std::string> environment = {
        {"DATABASE_URL", databaseUrl},
        {"API_HOST", "127.0.0.1"},
        {"API_PORT", "0"},
        {"AUTH_DISABLED", "false"},
        {"BOOTSTRAP_API_KEY", kBootstrapKey},
        {"RATE_LIMIT_ENABLED", rateLimited ? "true" : "false"},
        {"MAX_REQUEST_BODY_BYTES", std::to_string(kMaxBodyBytes)},
        {"DB_POOL_TIMEOUT", "5"},
    };
    if (rateLimited) {
        // Limits a short phase reaches (per key and route, then for the fuzzer's address), so
        // the limiter's refusals are part of what is fuzzed.
        environment["RATE_LIMIT_READ"] = "5 per minute";
        environment["RATE_LIMIT_WRITE"] = "2 per minute";
        environment["RATE_LIMIT_ADMIN"] = "2 per minute";
        // Counts matched routes only: of a 500-request smoke phase some 350 match, so 200
        // makes sure the global limit refuses too, however the routes share the traffic (a
        // route added to the table once left the per-route limits unreached by chance).
        environment["RATE_LIMIT_GLOBAL"] = "200 per minute";
    }
    // Absolute: the server runs in a scratch working directory.
    const std::string binary = options.serverBinary.empty()
                                   ? std::string(TESSERA_BINARY)
                                   : std::filesystem::absolute(options.serverBinary).string();
    return std::make_unique<testing::ServerProcess>(binary, environment, 60);
}

// A seed naming a route the table no longer has would silently stop being used.
void checkSeeds(const std::vector<FuzzRoute>& routes) {
    std::set<std::string> known;
    for (const FuzzRoute& route : routes) known.insert(route.key());
    for (const std::string& seeded : seededRoutes()) {
        if (!known.count(seeded)) {
            throw std::runtime_error(
                "tests/fuzz/vocabulary.cpp seeds a route the server does "
                "not have: " +
                seeded);
        }
    }
}

std::string mib(long kb) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(kb) / 1024.0);
    return text;
}

void printPhase(const std::string& title, const PhaseResult& result) {
    const PhaseStats& stats = result.stats;
    std::printf("== %s ==\n", title.c_str());
    std::printf("requests %llu in %.1f s (%.0f/s), %llu cases:",
                static_cast<unsigned long long>(stats.requests), result.seconds,
                static_cast<double>(stats.requests) / std::max(result.seconds, 0.001),
                static_cast<unsigned long long>(stats.cases));
    for (const auto& [delivery, count] : stats.casesByDelivery) {
        std::printf(" %s %llu", delivery.c_str(), static_cast<unsigned long long>(count));
    }
    std::printf("\nanswers %llu: 1xx %llu, 2xx %llu, 3xx %llu, 4xx %llu, 5xx %llu\nby status:",
                static_cast<unsigned long long>(stats.answers()),
                static_cast<unsigned long long>(stats.inClass(1)),
                static_cast<unsigned long long>(stats.inClass(2)),
                static_cast<unsigned long long>(stats.inClass(3)),
                static_cast<unsigned long long>(stats.inClass(4)),
                static_cast<unsigned long long>(stats.inClass(5)));
    for (const auto& [status, count] : stats.byStatus) {
        std::printf(" %d:%llu", status, static_cast<unsigned long long>(count));
    }
    std::printf("\nplain-text error answers (only the spec's CORS preflight refusals pass): %llu\n",
                static_cast<unsigned long long>(stats.plainTextAnswers));
    for (const auto& [kind, count] : stats.plainTextKinds) {
        std::printf("  %llu × %s\n", static_cast<unsigned long long>(count), kind.c_str());
    }
    std::printf(
        "unanswered, allowed: %llu garbled/half-closed/incomplete, %llu pipelined behind an "
        "answer that closed the connection\n",
        static_cast<unsigned long long>(stats.optionalUnanswered),
        static_cast<unsigned long long>(stats.pipelineAfterClose));
    std::printf("slow-loris connections: %s\n", result.slowLoris.c_str());
    std::printf("server RSS: before %s, after %s, highest sample %s\n",
                mib(result.rssBeforeKb).c_str(), mib(result.rssAfterKb).c_str(),
                mib(result.rssMaxKb).c_str());
    std::printf("failures: %llu%s\n", static_cast<unsigned long long>(stats.failures),
                result.crashed ? ", SERVER DIED" : "");
    for (const auto& [kind, count] : stats.failureKinds) {
        std::printf("  %llu × %s\n", static_cast<unsigned long long>(count), kind.c_str());
    }
}

// /health answers 200; behind an exhausted global rate limit (phase 2) a 429 is an answer too.
bool healthy(int port, bool rateLimited) {
    try {
        const int status = testing::HttpClient(port).get("/health").status;
        return status == 200 || (rateLimited && status == 429);
    } catch (const std::exception&) {
        return false;
    }
}

int replay(const FuzzOptions& options, const RequestShaper& shaper, int port) {
    const FuzzCase fuzzCase = makeCase(options.seed, *options.replay, shaper);
    std::printf("%s\n", fuzzCase.describe(1 << 20).c_str());
    RawConnection reusable;
    const CaseOutcome outcome = runCase(fuzzCase, port, Timeouts{}, reusable);
    int failures = 0;
    for (const HttpAnswer& answer : outcome.answers) {
        const auto why = judge(answer);
        std::printf("answer: %s\nbody: %s\n%s\n", escapeBytes(answer.head).c_str(),
                    escapeBytes(answer.body).c_str(), why ? ("FAIL: " + *why).c_str() : "ok");
        failures += why ? 1 : 0;
    }
    for (const std::string& problem : outcome.problems) {
        std::printf("FAIL: %s\n", problem.c_str());
        ++failures;
    }
    return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const FuzzOptions options = parseOptions(argc, argv);
    try {
        const std::vector<FuzzRoute> routes = routeCatalog();
        checkSeeds(routes);
        testing::ScratchDatabase database;
        auto server = startServer(options, database.url(), false);
        const KnownIds ids = createFixture(testing::HttpClient(server->port()), kBootstrapKey);
        const RequestShaper shaper{routes, ids, kMaxBodyBytes};
        if (options.replay) return replay(options, shaper, server->port());

        std::printf(
            "[fuzz] seed %llu (reproduce: --seed %llu), %llu requests over %zu routes, "
            "%d threads, server pid %d on port %d\n",
            static_cast<unsigned long long>(options.seed),
            static_cast<unsigned long long>(options.seed),
            static_cast<unsigned long long>(options.requests), routes.size(), options.threads,
            server->pid(), server->port());
        std::fflush(stdout);

        const auto logTail = [&server] { return server->logTail(3000); };
        PhaseConfig main;
        main.name = "rate limiting off";
        main.port = server->port();
        main.pid = server->pid();
        main.seed = options.seed;
        main.requests = options.requests;
        main.threads = options.threads;
        main.shaper = &shaper;
        main.reportLimit = options.reportLimit;
        main.serverLog = logTail;
        const PhaseResult first = runPhase(main);
        const bool firstHealthy = !first.crashed && healthy(server->port(), false);
        const long peakKb = peakRssKb(server->pid());
        printPhase("phase 1: rate limiting off", first);
        std::printf("server peak RSS (VmHWM): %s; /health afterwards: %s\n", mib(peakKb).c_str(),
                    firstHealthy ? "200" : "NOT ANSWERING");
        const int firstExit = first.crashed ? -1 : server->stop();
        std::printf("server exit status after SIGTERM: %d\n", firstExit);

        // Phase 2: the same database, a server with the default limits, case numbers after
        // phase 1's so the traffic differs.
        auto limited = startServer(options, database.url(), true);
        PhaseConfig second = main;
        second.name = "rate limiting on";
        second.port = limited->port();
        second.pid = limited->pid();
        second.seed = options.seed + 1;
        second.requests =
            options.rateLimitedRequests.value_or(std::max<uint64_t>(500, options.requests / 50));
        second.slowLoris = 4;
        second.serverLog = [&limited] { return limited->logTail(3000); };
        const PhaseResult rated = runPhase(second);
        const bool secondHealthy = !rated.crashed && healthy(limited->port(), true);
        printPhase("phase 2: rate limiting on", rated);
        std::printf("/health afterwards: %s\n", secondHealthy ? "answering" : "NOT ANSWERING");
        limited->stop();

        std::vector<std::string> verdict;
        if (first.stats.failures + rated.stats.failures > 0) verdict.push_back("failed answers");
        if (first.crashed || rated.crashed) verdict.push_back("the server died");
        if (!firstHealthy || !secondHealthy) verdict.push_back("/health not answering");
        const long growthKb = first.rssAfterKb - first.rssBeforeKb;
        const double ratio = static_cast<double>(first.rssAfterKb) /
                             static_cast<double>(std::max(first.rssBeforeKb, 1L));
        std::printf("server RSS growth over phase 1: %s (×%.2f; limits %ld MiB, ×%.1f)\n",
                    mib(growthKb).c_str(), ratio, options.maxRssGrowthMb, options.maxRssRatio);
#ifdef TESSERA_FUZZ_SANITIZED
        const bool judgeMemory = false;
        std::printf("(a sanitizer build: the RSS bound is not judged)\n");
#else
        const bool judgeMemory = true;
#endif
        if (judgeMemory &&
            (growthKb > options.maxRssGrowthMb * 1024 || ratio > options.maxRssRatio)) {
            verdict.push_back("server RSS grew from " + mib(first.rssBeforeKb) + " to " +
                              mib(first.rssAfterKb));
        }
        if (rated.stats.byStatus.count(429) == 0) {
            verdict.push_back("no 429 with rate limiting on: the phase did not test it");
        }
        if (first.stats.requests < options.requests) verdict.push_back("fewer requests than asked");
        if (verdict.empty()) {
            std::printf("RESULT: PASS (seed %llu)\n",
                        static_cast<unsigned long long>(options.seed));
            return 0;
        }
        std::printf("RESULT: FAIL (seed %llu):", static_cast<unsigned long long>(options.seed));
        for (const std::string& reason : verdict) std::printf(" %s;", reason.c_str());
        std::printf("\n");
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "tessera_fuzz: %s\n", error.what());
        return 1;
    }
}
