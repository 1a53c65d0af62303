// Sees a connection's bytes before Pistache 0.0.5's parser does and refuses, with a clear 4xx,
// what that parser handles badly:
// - a head (request line and headers) past kMaxRequestHeadBytes: Pistache re-parses an
//   unfinished head from its start on every read, so its cost grows with the square of its size
//   (one 16 MiB header line held a worker thread for minutes), and it has no head limit of its
//   own (maxRequestSize bounds head and body together);
// - a request line or header line Pistache would read differently from HTTP (no colon: it scans
//   on through the next lines, and past the head, for one), folded lines, a non-numeric or
//   conflicting Content-Length;
// - any Transfer-Encoding (411: send Content-Length): Pistache's chunked-body parser spins a
//   worker thread at full CPU when a chunk's closing CRLF is split between two reads, so one
//   request takes down half the server;
// - a header value `headerCheck` refuses (the endpoint asks Pistache's own typed-header parsers:
//   an exception there is a plain-text 500 from Pistache).
// Pure logic over bytes, so it is tested without sockets.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::server {

inline constexpr size_t kMaxRequestHeadBytes = 64 * 1024;

struct HeadRejection {
    int status = 400;
    std::string code;
    std::string message;
};

class RequestHeadGuard {
  public:
    // A header's value is acceptable, or the rejection to answer with.
    using HeaderCheck =
        std::function<std::optional<HeadRejection>(std::string_view name, std::string_view value)>;

    RequestHeadGuard(size_t maxHeadBytes, size_t maxBodyBytes, HeaderCheck headerCheck);

    // The next bytes of the connection. Returns a rejection once, when the request must be
    // refused; after that (and once the body is being read) bytes pass unexamined.
    std::optional<HeadRejection> feed(std::string_view bytes);
    // The parser starts on a new request.
    void restart();
    bool refused() const { return phase_ == Phase::Refused; }

  private:
    enum class Phase { RequestLine, Headers, Body, Refused };

    std::optional<HeadRejection> onLine(std::string_view line);
    std::optional<HeadRejection> onHeader(std::string_view name, std::string_view value);
    std::optional<HeadRejection> refuse(HeadRejection rejection);

    size_t maxHeadBytes_;
    size_t maxBodyBytes_;
    HeaderCheck headerCheck_;
    Phase phase_ = Phase::RequestLine;
    size_t headBytes_ = 0;
    std::string line_;  // the line being received, CRLF included once complete
    std::optional<unsigned long long> contentLength_;
};

}  // namespace tessera::server
