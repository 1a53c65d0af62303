// Hands the heap's free pages back to the system after large inputs have come and gone.
//
// Requests carry bodies of up to MAX_REQUEST_BODY_BYTES, and Pistache grows each connection's
// buffer piece by piece while it reads one: the pieces under glibc's mmap threshold land in
// the worker's arena, and when they are freed the arena keeps their pages unless its top is
// free. A CI run of the fuzz driver saw the server stay at 89 MiB two seconds after a burst of
// 16 MiB bodies, against 26 MiB on every other run. malloc_trim(0) returns every free page of
// every arena; it takes the arenas' locks for a few milliseconds, so it runs on a thread of
// its own, at most once a second, and only after a megabyte or more has been read since the
// last time (an ordinary JSON workload never pays for it).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

namespace tessera::server {

class MemoryTrimmer {
  public:
    explicit MemoryTrimmer(std::chrono::milliseconds interval = std::chrono::seconds(1))
        : interval_(interval) {}
    ~MemoryTrimmer();
    MemoryTrimmer(const MemoryTrimmer&) = delete;
    MemoryTrimmer& operator=(const MemoryTrimmer&) = delete;

    void start();
    void stop();

    // Called for every read of a connection; lock-free.
    void noteBytesRead(size_t bytes) { bytesRead_.fetch_add(bytes, std::memory_order_relaxed); }

    // How many times the heap was trimmed (for tests and logs).
    uint64_t trims() const { return trims_.load(std::memory_order_relaxed); }

  private:
    void run(uint64_t seen);

    const std::chrono::milliseconds interval_;
    std::atomic<uint64_t> bytesRead_{0};
    std::atomic<uint64_t> trims_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tessera::server
