// Hexadecimal digits, the one codec for every place that writes or reads them: UUIDs, SHA-256
// digests (API keys, cache keys, webhook signatures), percent-decoding and JSON escapes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tessera::core {

inline constexpr char kHexDigits[] = "0123456789abcdef";

// The value of one hex digit in either case, or -1.
constexpr int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Two lower-case digits per byte, written at `out`; returns the position after them.
inline char* writeHexByte(char* out, unsigned char byte) {
    *out++ = kHexDigits[byte >> 4];
    *out++ = kHexDigits[byte & 0xF];
    return out;
}

// Lower-case hex of `size` bytes (e.g. a SHA-256 digest: 64 digits).
std::string hexEncode(const unsigned char* bytes, size_t size);

}  // namespace tessera::core
