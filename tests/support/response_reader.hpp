// Reads HTTP/1.1 responses off a raw connection, one at a time (pipelined answers arrive back to
// back), and notes what a well-behaved server never sends: header lines broken by a bare CR or
// LF, or a header line `X-Injected` that a request smuggled in through a header value.
#pragma once

#include <string>

#include "tests/support/raw_connection.hpp"

namespace tessera::testing {

struct HttpAnswer {
    int status = 0;
    std::string head;  // status line and headers
    std::string contentType;
    std::string body;       // the first 64 KiB
    bool closes = false;    // `Connection: close`
    bool injected = false;  // a header line `X-Injected`, which only a request puts there
    bool bareLineBreak = false;
};

enum class ReadOutcome { Answer, Closed, TimedOut, Malformed };

class ResponseReader {
  public:
    // The next response. `headOnly` for the answer to a HEAD request.
    ReadOutcome next(RawConnection& connection, Clock::time_point deadline, bool headOnly,
                     HttpAnswer& answer);
    // Bytes received past the last response.
    bool hasLeftover() const { return !buffer_.empty(); }

  private:
    ReadOutcome fill(RawConnection& connection, Clock::time_point deadline);
    ReadOutcome readBody(RawConnection& connection, Clock::time_point deadline, size_t length,
                         HttpAnswer& answer);
    ReadOutcome readChunked(RawConnection& connection, Clock::time_point deadline,
                            HttpAnswer& answer);
    std::string buffer_;
};

}  // namespace tessera::testing
