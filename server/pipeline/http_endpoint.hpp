// The Pistache side of the server: accepts connections on worker threads, converts each
// Pistache request into an HttpRequest, runs the pipeline and writes the HttpResponse back.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "server/pipeline/in_flight_requests.hpp"
#include "server/pipeline/memory_trimmer.hpp"
#include "server/pipeline/request_pipeline.hpp"

namespace Pistache::Http {
class Endpoint;
}

namespace tessera::server {

class HttpEndpoint {
  public:
    HttpEndpoint(const Config& config, RequestPipeline& pipeline);
    ~HttpEndpoint();

    // Binds and starts serving on background threads; returns the bound port (useful with 0).
    uint16_t start();

    // A graceful stop: closes the listening socket (new connections are refused), answers the
    // requests in flight (their responses say `Connection: close`, so do any on connections
    // still open) and waits up to `grace` for their responses to be written, then stops the
    // workers, closing the idle connections. True when all that finished in time. False when
    // a request was still running at the deadline: the workers are then left running with it,
    // and the caller must end the process without destroying what requests use.
    bool shutdown(std::chrono::milliseconds grace);

  private:
    const Config& config_;
    RequestPipeline& pipeline_;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
    uint16_t port_ = 0;
    int listeningFd_ = -1;
    InFlightRequests inFlight_;
    std::atomic<bool> draining_{false};
    MemoryTrimmer trimmer_;
};

}  // namespace tessera::server
