#include "server/pipeline/in_flight_requests.hpp"

namespace tessera::server {

InFlightRequests::Ticket InFlightRequests::admit() {
    {
        std::lock_guard lock(mutex_);
        ++count_;
    }
    // The deleter runs once, wherever the last copy dies (a Pistache worker, usually).
    return Ticket(this, [](InFlightRequests* self) { self->release(); });
}

void InFlightRequests::release() {
    std::lock_guard lock(mutex_);
    if (--count_ == 0) idle_.notify_all();
}

bool InFlightRequests::waitUntilNone(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return idle_.wait_until(lock, deadline, [this] { return count_ == 0; });
}

size_t InFlightRequests::count() const {
    std::lock_guard lock(mutex_);
    return count_;
}

}  // namespace tessera::server
