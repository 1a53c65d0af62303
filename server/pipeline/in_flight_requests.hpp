// Counts the requests the endpoint has taken and not yet answered, so that a shutdown can wait
// for them. A request counts from the moment its handler starts until its response has left
// (written to the socket, failed, or dropped with its connection): the ticket is released then.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>

namespace tessera::server {

class InFlightRequests {
  public:
    using Ticket = std::shared_ptr<void>;

    // Counts one request until the last copy of the ticket is gone.
    Ticket admit();
    // Waits until none is counted; false if some still are at `deadline`.
    bool waitUntilNone(std::chrono::steady_clock::time_point deadline);
    size_t count() const;

  private:
    void release();

    mutable std::mutex mutex_;
    std::condition_variable idle_;
    size_t count_ = 0;
};

}  // namespace tessera::server
