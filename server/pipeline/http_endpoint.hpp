// The Pistache side of the server: accepts connections on worker threads, converts each
// Pistache request into an HttpRequest, runs the pipeline and writes the HttpResponse back.
#pragma once

#include <cstdint>
#include <memory>

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
    void shutdown();

  private:
    const Config& config_;
    RequestPipeline& pipeline_;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace tessera::server
