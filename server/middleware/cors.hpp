// CORS exactly as spec 01 §5: preflights answered before anything else, simple requests
// decorated after processing.
#pragma once

#include <string>
#include <vector>

#include "server/config.hpp"
#include "server/http/http_types.hpp"

namespace tessera::server {

class CorsPolicy {
  public:
    explicit CorsPolicy(const Config& config);

    static bool isPreflight(const HttpRequest& request);
    HttpResponse preflight(const HttpRequest& request) const;
    void decorate(const HttpRequest& request, HttpResponse& response) const;

  private:
    bool originAllowed(const std::string& origin) const;
    bool methodAllowed(const std::string& method) const;

    std::vector<std::string> origins_;
    bool anyOrigin_ = false;
    std::vector<std::string> methods_;
    std::string methodsHeader_;
};

}  // namespace tessera::server
