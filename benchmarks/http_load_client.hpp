// A small HTTP/1.1 load client for the loopback: a few keep-alive connections on plain sockets,
// driven by one thread with epoll, each connection with one request in flight (like
// `wrk -t1 -cN`), every response read in full and its status checked. Latency is measured from
// writing a request to reading the last byte of its response.
#pragma once

#include <cstddef>
#include <string>

#include "benchmarks/latency_summary.hpp"

namespace tessera::bench {

struct HttpReply {
    int status = 0;
    std::string etag;
    std::string body;
};

// One request on a fresh connection (to read an ETag or a body, or to write); a non-empty body
// is sent as JSON. Throws on a network error.
HttpReply httpRequest(int port, const std::string& method, const std::string& path,
                      const std::string& body = "", const std::string& extraHeaders = "");
inline HttpReply httpGet(int port, const std::string& path, const std::string& extraHeaders = "") {
    return httpRequest(port, "GET", path, "", extraHeaders);
}

// One kept-alive connection for a client thread of its own that sends requests one after the
// other (e.g. writes whose bodies differ, which runLoad does not send). Throws on a network
// error; not thread-safe.
class KeepAliveClient {
  public:
    explicit KeepAliveClient(int port);
    ~KeepAliveClient();
    KeepAliveClient(const KeepAliveClient&) = delete;
    KeepAliveClient& operator=(const KeepAliveClient&) = delete;

    // A non-empty body is sent as JSON.
    HttpReply request(const std::string& method, const std::string& path,
                      const std::string& body = "");

  private:
    int fd_ = -1;
};

struct LoadOptions {
    int port = 0;
    std::string path;
    std::string extraHeaders;  // complete header lines, each ending in \r\n
    int expectedStatus = 200;
    size_t connections = 4;
    size_t requests = 10'000;  // measured
    size_t warmup = 500;       // sent first, not measured
    // false: a response with another status, or a connection the server closed (its request
    // lost, the connection not reopened), is counted in LoadResult::errors instead of ending
    // the run; the other connections carry on with the remaining requests.
    bool stopOnError = true;
};

struct LoadResult {
    Summary micros;                // per request
    double requestsPerSecond = 0;  // of the expected status
    size_t requests = 0;
    size_t bodyBytes = 0;  // of the last response
    size_t errors = 0;     // measured requests lost or answered otherwise (stopOnError false)
};

// Throws on a network error, or with stopOnError on any response whose status is not the
// expected one and on a closed connection.
LoadResult runLoad(const LoadOptions& options);

}  // namespace tessera::bench
