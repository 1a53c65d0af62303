// Bytes to send, as pieces that may repeat: a 16 MiB body is one short piece repeated, so the
// driver never holds it in memory and can still print the request it sent.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tests/support/raw_connection.hpp"

namespace tessera::fuzz {

using testing::Clock;
using testing::IoStatus;
using testing::RawConnection;

struct Piece {
    std::string text;
    size_t repeat = 1;
};

class Payload {
  public:
    Payload() = default;
    explicit Payload(std::string text) { append(std::move(text)); }

    void append(std::string text, size_t repeat = 1);
    void append(const Payload& other);

    size_t size() const;
    const std::vector<Piece>& pieces() const { return pieces_; }

    // The first `limit` bytes, materialised (for the slow deliveries that write byte by byte).
    std::string prefix(size_t limit) const;
    // The bytes from `offset` on, in pieces again.
    Payload from(size_t offset) const;

    // Printable form for a failure report: C-style escapes, repeated pieces as
    // `{"xx"×1000000}`, cut after about `limit` characters.
    std::string describe(size_t limit = 4096) const;

  private:
    std::vector<Piece> pieces_;
};

// Writes all of `payload` (repeated pieces in blocks of 64 KiB, not one send per copy).
IoStatus writePayload(RawConnection& connection, const Payload& payload,
                      Clock::time_point deadline);

// `text` with every byte outside printable ASCII escaped (\r, \n, \t, \xHH).
std::string escapeBytes(const std::string& text, size_t limit = 4096);

}  // namespace tessera::fuzz
