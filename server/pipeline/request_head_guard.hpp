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
// Headers `disguise` names are handed to Pistache under a name it does not know (the first
// letter made '~'), so that its typed-header parsers never see them: they refuse valid values
// (Java's default `Accept: text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2`, a
// `Content-Type: application/json-patch+json`, which spec 01 §1.2 reads as JSON), and the
// server reads every header raw anyway.
// It also knows where each request ends (head, then Content-Length body), so the endpoint hands
// Pistache's parser one request at a time and pipelined requests are all answered.
// Pure logic over bytes, so it is tested without sockets.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::server {

inline constexpr size_t kMaxRequestHeadBytes = 64 * 1024;

// The routes whose bodies SYNC_MAX_BODY_BYTES bounds: /api/v1/sync and below (query aside).
bool isSyncTarget(std::string_view target);

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
    // Whether a header is handed over disguised (see above); such headers skip `headerCheck`.
    using HeaderDisguise = std::function<bool(std::string_view name)>;

    // `syncMaxBodyBytes` bounds the bodies of the /api/v1/sync routes (dbt manifests;
    // SYNC_MAX_BODY_BYTES), `maxBodyBytes` every other; 0 means the same as `maxBodyBytes`.
    RequestHeadGuard(size_t maxHeadBytes, size_t maxBodyBytes, HeaderCheck headerCheck,
                     size_t syncMaxBodyBytes = 0, HeaderDisguise disguise = {});

    // What `take` made of the next bytes of the connection.
    struct Step {
        std::optional<HeadRejection> rejection;  // the request must be refused (given once)
        size_t skipped = 0;     // blank lines before a request line, for nobody's parser
        size_t taken = 0;       // then the bytes that belong to the current request
        bool complete = false;  // the request ends with them: what follows is the next one
        // What to hand Pistache's parser for them: the head lines completed by these bytes (a
        // line is held until its CRLF arrives, then given whole, disguised where asked), then
        // the last `body` bytes of the taken ones as they are.
        std::string head;
        size_t body = 0;
    };
    // Reads the current request's part of `bytes`: its head line by line, then as much of its
    // Content-Length body as they hold, stopping where the request ends. Pistache 0.0.5 parses
    // one request per read and drops the rest of the read (pistacheio/pistache#1034), so the
    // endpoint hands it one request's bytes at a time. After a refusal nothing is taken.
    Step take(std::string_view bytes);
    // A whole stream of requests: `take` over `bytes`, starting the next request after each
    // complete one. Returns a rejection once; after that bytes pass unexamined.
    std::optional<HeadRejection> feed(std::string_view bytes);
    // The parser starts on a new request.
    void restart();
    bool refused() const { return phase_ == Phase::Refused; }
    // The current request's target as its request line gave it (path and raw query): Pistache
    // keeps its query parameters in a map, which drops a repeated name's later values.
    const std::string& target() const { return target_; }

  private:
    enum class Phase { RequestLine, Headers, Body, Refused };

    std::optional<HeadRejection> onLine(std::string_view line);
    std::optional<HeadRejection> onHeader(std::string_view name, std::string_view value);
    std::optional<HeadRejection> refuse(HeadRejection rejection);

    size_t maxHeadBytes_;
    size_t maxBodyBytes_;
    size_t syncMaxBodyBytes_;
    bool syncTarget_ = false;  // the current request is for a sync route
    HeaderCheck headerCheck_;
    HeaderDisguise disguise_;
    bool disguiseLine_ = false;  // the line just read is handed over disguised
    Phase phase_ = Phase::RequestLine;
    size_t headBytes_ = 0;
    std::string line_;  // the line being received, CRLF included once complete
    std::string target_;
    std::optional<unsigned long long> contentLength_;
    unsigned long long bodyLeft_ = 0;  // body bytes of the current request still to come
    bool blankLineCr_ = false;         // the CR of a skipped blank line ended the last read
};

}  // namespace tessera::server
