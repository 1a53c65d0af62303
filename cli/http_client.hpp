// The client's only way to the server: one blocking libcurl request per call to
// <url>/api/v1<path> (or <url><path> for the health routes), Bearer auth, 30 s timeout.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tessera::cli {

struct ApiResponse {
    long status = 0;
    std::string body;
    // Response headers by lower-case name (the last one wins when repeated).
    std::map<std::string, std::string> headers;
    std::string header(const std::string& lowerCaseName) const {
        auto found = headers.find(lowerCaseName);
        return found == headers.end() ? std::string() : found->second;
    }
};

// The server could not be reached at all (refused, DNS, timeout): no HTTP status to show.
class UnreachableError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

using Query = std::vector<std::pair<std::string, std::string>>;

class ApiClient {
  public:
    ApiClient(std::string baseUrl, std::string apiKey);

    // `path` starts with "/" and is relative to /api/v1. Empty query values are left out.
    ApiResponse api(const std::string& method, const std::string& path, const Query& query = {},
                    const std::string& jsonBody = {}) const;
    // A path outside /api/v1 (e.g. /health).
    ApiResponse raw(const std::string& method, const std::string& path) const;

    const std::string& baseUrl() const { return baseUrl_; }
    const std::string& apiKey() const { return apiKey_; }

  private:
    ApiResponse send(const std::string& method, const std::string& url,
                     const std::string& jsonBody) const;

    std::string baseUrl_;
    std::string apiKey_;
};

// Percent-encodes one query or path component.
std::string urlEncode(const std::string& text);

}  // namespace tessera::cli
