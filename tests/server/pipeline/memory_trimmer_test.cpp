#include "server/pipeline/memory_trimmer.hpp"

#include <chrono>
#include <thread>
#include "tests/support/catch.hpp"

using tessera::server::MemoryTrimmer;
using namespace std::chrono_literals;

namespace {
// Waits up to `limit` for the trimmer to have trimmed at least `count` times.
bool trimmedWithin(const MemoryTrimmer& trimmer, uint64_t count, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (trimmer.trims() < count) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}
}  // namespace

TEST_CASE("the memory trimmer leaves an ordinary workload alone") {
    MemoryTrimmer trimmer(10ms);
    trimmer.start();
    trimmer.noteBytesRead(64 * 1024);  // well under a megabyte
    std::this_thread::sleep_for(100ms);
    trimmer.stop();
    CHECK(trimmer.trims() == 0);
}

TEST_CASE("the memory trimmer trims after a megabyte was read, and a few ticks more") {
    MemoryTrimmer trimmer(10ms);
    trimmer.start();
    for (int i = 0; i < 16; ++i) trimmer.noteBytesRead(64 * 1024);
    REQUIRE(trimmedWithin(trimmer, 3, 2000ms));
    // Input stopped: after its trailing trims it goes quiet.
    std::this_thread::sleep_for(100ms);
    const uint64_t settled = trimmer.trims();
    CHECK(settled == 3);
    std::this_thread::sleep_for(100ms);
    CHECK(trimmer.trims() == settled);
    trimmer.stop();
}

TEST_CASE("the memory trimmer stops at once and may be stopped twice") {
    MemoryTrimmer trimmer(std::chrono::hours(1));
    trimmer.start();
    const auto began = std::chrono::steady_clock::now();
    trimmer.stop();
    trimmer.stop();
    CHECK(std::chrono::steady_clock::now() - began < 1s);
}
