// UUIDs: the one 128-bit value type (with its hash) that core/, graph/, store/ and server/ share,
// and parsing of every spelling clients may send (spec 01 §1.3) into the canonical text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/hex.hpp"

namespace tessera::core {

// A UUID in 16 bytes. `high` holds bytes 0–7 and `low` bytes 8–15, big-endian, so the default
// ordering equals the ordering of the canonical text.
struct Uuid {
    uint64_t high = 0;
    uint64_t low = 0;

    // Accepts the canonical 8-4-4-4-12 form and the 32-hex-digit form, in any case. Clients'
    // other spellings are normalised by parseUuid() before they reach the index.
    static std::optional<Uuid> parse(std::string_view text);
    // The 16 bytes in network order (Postgres' uuid_send).
    static Uuid fromBytes(const unsigned char* bytes);
    // Lower-case canonical 8-4-4-4-12.
    std::string toString() const;
    // The same 36 characters written at `out` (no terminator).
    void writeTo(char* out) const;

    friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;
};

// fromBytes() and writeTo() are inline: the first runs for every UUID of the index load (millions
// at start-up), the second for every UUID of a response (QuotedUuid in server/http).
inline Uuid Uuid::fromBytes(const unsigned char* bytes) {
    Uuid id;
    for (int i = 0; i < 8; ++i) {
        id.high = (id.high << 8) | bytes[i];
        id.low = (id.low << 8) | bytes[8 + i];
    }
    return id;
}

inline void Uuid::writeTo(char* out) const {
    // Formatted by table, a byte at a time: every response carries a request id, and snprintf
    // cost ~6k instructions, a sixth of a small request.
    for (int byte = 0; byte < 16; ++byte) {
        if (byte == 4 || byte == 6 || byte == 8 || byte == 10) *out++ = '-';
        const uint64_t half = byte < 8 ? high : low;
        out = writeHexByte(out, static_cast<unsigned char>(half >> (56 - 8 * (byte % 8))));
    }
}

struct UuidHash {
    size_t operator()(const Uuid& id) const noexcept {
        // UUIDs may be time-ordered (v1/v7), so mix both halves rather than trusting any bits
        // (the finaliser of splitmix64 / MurmurHash3's fmix64 family).
        uint64_t h = id.high ^ (id.low * 0x9E3779B97F4A7C15ULL);
        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93ULL;
        h ^= h >> 32;
        return static_cast<size_t>(h);
    }
};

// Accepts canonical hyphenated (any case), 32 hex digits, `{…}`-braced and `urn:uuid:`-prefixed
// forms. Returns the lowercase canonical 8-4-4-4-12 form, or nullopt with `reason` set to the
// text used after "Input should be a valid UUID, ".
std::optional<std::string> parseUuid(std::string_view text, std::string* reason = nullptr);

// A random version-4 UUID in canonical form (request ids; not a secret).
std::string randomUuid();

}  // namespace tessera::core
