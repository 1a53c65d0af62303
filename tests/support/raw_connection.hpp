// A plain TCP connection to the server on loopback, for tests that need control over the
// connection itself (keep one open and idle, see when the server closes it, see a connect
// refused), which libcurl hides.
#pragma once

#include <chrono>
#include <string>

namespace tessera::testing {

class RawConnection {
  public:
    // Connects to 127.0.0.1:port; throws if the connection is refused.
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends `GET path` (HTTP/1.1, keep-alive) and reads the whole response: status line,
    // headers and a Content-Length body. Empty if the server closed the connection first or
    // sent nothing within `limit`. `extraHeaders`: header lines, each ending in CRLF.
    std::string get(const std::string& path,
                    std::chrono::milliseconds limit = std::chrono::seconds(5),
                    const std::string& extraHeaders = "");
    // Whether the server closes the connection (EOF or reset) within `limit`.
    bool closedByServer(std::chrono::milliseconds limit);

  private:
    // Waits up to `limit` for bytes; appends them to `into`. False on EOF, error or timeout.
    bool readSome(std::string& into, std::chrono::milliseconds limit);
    int fd_ = -1;
};

// Whether a new TCP connection to 127.0.0.1:port is refused right now.
bool connectionRefused(int port);

}  // namespace tessera::testing
