// One phase of the run: worker threads take case numbers in order, send them, judge every answer,
// while a watcher samples the server's memory, checks that its process lives and keeps a few
// slow-loris connections dribbling. Stops early when the server dies.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tests/fuzz/connection_tricks.hpp"
#include "tests/fuzz/fuzz_stats.hpp"

namespace tessera::fuzz {

struct PhaseConfig {
    std::string name;
    int port = 0;
    pid_t pid = -1;
    uint64_t seed = 0;
    uint64_t requests = 0;
    int threads = 4;
    size_t slowLoris = 16;
    const RequestShaper* shaper = nullptr;
    Timeouts timeouts;
    size_t reportLimit = 10;                 // failures printed in full
    std::function<std::string()> serverLog;  // the end of the server's log
};

struct PhaseResult {
    PhaseStats stats;
    bool crashed = false;
    double seconds = 0;
    long rssBeforeKb = 0;
    long rssAfterKb = 0;
    long rssMaxKb = 0;  // the highest sample while running
    std::string slowLoris;
};

PhaseResult runPhase(const PhaseConfig& config);

}  // namespace tessera::fuzz
