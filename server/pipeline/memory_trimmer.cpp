#include "server/pipeline/memory_trimmer.hpp"

#include <malloc.h>

namespace tessera::server {

namespace {
constexpr uint64_t kTrimAfterBytes = 1 << 20;
// Buffers of the last large requests are freed when their connections close, which can be a
// moment after the bytes were read: trim on a few more ticks after the input stops.
constexpr int kTrailingTrims = 3;
}  // namespace

MemoryTrimmer::~MemoryTrimmer() {
    stop();
}

void MemoryTrimmer::start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = false;
    }
    // The count so far is taken here, not on the new thread: bytes read in between count.
    thread_ = std::thread([this, seen = bytesRead_.load()] { run(seen); });
}

void MemoryTrimmer::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MemoryTrimmer::run(uint64_t seen) {
    int trimsDue = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        const uint64_t now = bytesRead_.load(std::memory_order_relaxed);
        if (now - seen >= kTrimAfterBytes) {
            seen = now;
            trimsDue = kTrailingTrims;
        }
        if (trimsDue == 0) continue;
        --trimsDue;
        lock.unlock();
        malloc_trim(0);
        trims_.fetch_add(1, std::memory_order_relaxed);
        lock.lock();
    }
}

}  // namespace tessera::server
