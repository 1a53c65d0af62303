// One kept-alive HTTP/1.1 connection to the server, for tests about the connection itself (keep
// it open and idle, see when the server closes it, see a connect refused), which libcurl hides.
// Built on RawConnection.
#pragma once

#include <chrono>
#include <string>

#include "tests/support/raw_connection.hpp"

namespace tessera::testing {

class KeepAliveConnection {
  public:
    // Connects to 127.0.0.1:port; throws if the connection is refused.
    explicit KeepAliveConnection(int port);

    // Sends `GET path` (HTTP/1.1, keep-alive) and reads the whole response: status line,
    // headers and a Content-Length body. Empty if the server closed the connection first or
    // sent nothing within `limit`. `extraHeaders`: header lines, each ending in CRLF.
    std::string get(const std::string& path,
                    std::chrono::milliseconds limit = std::chrono::seconds(5),
                    const std::string& extraHeaders = "");
    // Whether the server closes the connection (EOF or reset) within `limit`.
    bool closedByServer(std::chrono::milliseconds limit);

  private:
    RawConnection connection_;
};

// Whether a new TCP connection to 127.0.0.1:port is refused right now.
bool connectionRefused(int port);

}  // namespace tessera::testing
