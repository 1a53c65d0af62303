// A plain TCP connection to the server with deadlines on every read and write, for requests no
// HTTP library would send (malformed heads, bare line breaks, pipelines, half-closes) and for
// noticing a server that stops answering without hanging the test.
#pragma once

#include <chrono>
#include <string>

namespace tessera::testing {

using Clock = std::chrono::steady_clock;

enum class IoStatus { Ok, Closed, TimedOut, Refused };

class RawConnection {
  public:
    // Connects to 127.0.0.1:port; status Refused when nothing listens (the server died).
    static RawConnection open(int port, IoStatus& status);
    RawConnection() = default;
    ~RawConnection();
    RawConnection(RawConnection&& other) noexcept;
    RawConnection& operator=(RawConnection&& other) noexcept;
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool isOpen() const { return fd_ >= 0; }
    // Writes all of `bytes` (Closed when the server reset or closed the connection first).
    IoStatus write(const char* bytes, size_t size, Clock::time_point deadline);
    IoStatus write(const std::string& bytes, Clock::time_point deadline) {
        return write(bytes.data(), bytes.size(), deadline);
    }
    // Appends what arrives to `buffer` (at most `limit` bytes per call); Closed on EOF or reset.
    IoStatus readSome(std::string& buffer, Clock::time_point deadline, size_t limit = 65536);
    // No more bytes from us (the server still may answer).
    void shutdownWrite();
    // Close with RST instead of FIN.
    void abort();
    void close();

  private:
    explicit RawConnection(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace tessera::testing
