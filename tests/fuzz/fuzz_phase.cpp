#include "tests/fuzz/fuzz_phase.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "tests/fuzz/server_watch.hpp"
#include "tests/fuzz/slow_loris.hpp"

namespace tessera::fuzz {
namespace {

struct Shared {
    explicit Shared(const PhaseConfig& phase) : config(phase) {}
    const PhaseConfig& config;
    std::atomic<uint64_t> nextCase{0};
    std::atomic<uint64_t> sent{0};
    std::atomic<bool> stop{false};
    std::atomic<bool> crashed{false};
    std::mutex largeCases;  // one case of megabytes at a time keeps both sides' memory small
    std::mutex report;
    size_t reported = 0;
    std::mutex merge;
    PhaseStats stats;
};

void reportFailure(Shared& shared, const FuzzCase& fuzzCase, const std::string& why,
                   const HttpAnswer* answer) {
    std::lock_guard<std::mutex> lock(shared.report);
    if (shared.reported++ >= shared.config.reportLimit) return;
    std::string text = "\n[fuzz] FAILURE (" + shared.config.name + ", seed " +
                       std::to_string(shared.config.seed) + "): " + why + "\n" +
                       fuzzCase.describe(2048) + "\n";
    if (answer) {
        text += "  answer: " + escapeBytes(answer->head, 2048) +
                "\n  body: " + escapeBytes(answer->body, 1024) + "\n";
    }
    if (shared.config.serverLog) {
        text += "  server log (end):\n" + shared.config.serverLog() + "\n";
    }
    std::fputs(text.c_str(), stderr);
}

void work(Shared& shared) {
    const PhaseConfig& config = shared.config;
    PhaseStats local;
    RawConnection reusable;
    while (!shared.stop && shared.sent.load() < config.requests) {
        const uint64_t index = shared.nextCase++;
        const FuzzCase fuzzCase = makeCase(config.seed, index, *config.shaper);
        std::unique_lock<std::mutex> large(shared.largeCases, std::defer_lock);
        if (fuzzCase.large()) large.lock();
        const CaseOutcome outcome = runCase(fuzzCase, config.port, config.timeouts, reusable);
        if (large.owns_lock()) large.unlock();
        shared.sent += outcome.sent;
        local.add(fuzzCase, outcome);
        for (const HttpAnswer& answer : outcome.answers) {
            if (auto why = judge(answer)) {
                local.fail(*why + ": " + escapeBytes(answer.body, 60));
                reportFailure(shared, fuzzCase, *why, &answer);
            }
        }
        for (const std::string& problem : outcome.problems) {
            local.fail(problem + " (" + deliveryName(fuzzCase.delivery) + ")");
            reportFailure(shared, fuzzCase, problem, nullptr);
        }
        if (outcome.refused && !processAlive(config.pid)) {
            shared.crashed = true;
            shared.stop = true;
            reportFailure(shared, fuzzCase, "the server process died", nullptr);
        }
    }
    std::lock_guard<std::mutex> lock(shared.merge);
    shared.stats.merge(local);
}

}  // namespace

PhaseResult runPhase(const PhaseConfig& config) {
    Shared shared(config);
    PhaseResult result;
    result.rssBeforeKb = rssKb(config.pid);
    result.rssMaxKb = result.rssBeforeKb;
    SlowLoris loris(config.port, config.slowLoris);
    const auto started = Clock::now();

    std::vector<std::thread> workers;
    for (int i = 0; i < config.threads; ++i) workers.emplace_back(work, std::ref(shared));

    // The watcher: every 200 ms the process and its memory, every second a loris byte, every
    // tenth of the run a progress line.
    std::mutex doneMutex;
    std::condition_variable doneSignal;
    bool done = false;
    std::thread watcher([&] {
        uint64_t nextProgress = config.requests / 10;
        int ticks = 0;
        std::unique_lock<std::mutex> lock(doneMutex);
        while (!doneSignal.wait_for(lock, std::chrono::milliseconds(200), [&] { return done; })) {
            if (!processAlive(config.pid)) {
                shared.crashed = true;
                shared.stop = true;
                break;
            }
            const long rss = rssKb(config.pid);
            result.rssMaxKb = std::max(result.rssMaxKb, rss);
            if (++ticks % 5 == 0) loris.tick();
            const uint64_t sent = shared.sent.load();
            if (nextProgress > 0 && sent >= nextProgress) {
                const std::chrono::duration<double> elapsed = Clock::now() - started;
                std::fprintf(stderr, "[fuzz] %s: %llu/%llu requests, %.0f/s, server RSS %ld MiB\n",
                             config.name.c_str(), static_cast<unsigned long long>(sent),
                             static_cast<unsigned long long>(config.requests),
                             static_cast<double>(sent) / elapsed.count(), rss / 1024);
                while (nextProgress <= sent) nextProgress += config.requests / 10;
            }
        }
    });
    for (std::thread& worker : workers) worker.join();
    {
        std::lock_guard<std::mutex> lock(doneMutex);
        done = true;
    }
    doneSignal.notify_all();
    watcher.join();

    const std::chrono::duration<double> elapsed = Clock::now() - started;
    result.seconds = elapsed.count();
    result.slowLoris = loris.finish();
    result.crashed = shared.crashed || !processAlive(config.pid);
    // The last requests' buffers (16 MiB bodies among them) go as their connections close: the
    // lowest RSS over a short settle, not the first sample (a smoke run once read 86 MiB at the
    // moment its workers returned, against 23 MiB on every other run).
    // The server trims its heap once a second after large inputs (memory_trimmer.hpp): up to
    // five seconds, ended early once RSS is back near where it began.
    result.rssAfterKb = rssKb(config.pid);
    for (int i = 0; i < 50 && !result.crashed && result.rssAfterKb > result.rssBeforeKb * 5 / 4;
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        result.rssAfterKb = std::min(result.rssAfterKb, rssKb(config.pid));
    }
    result.stats = shared.stats;
    return result;
}

}  // namespace tessera::fuzz
