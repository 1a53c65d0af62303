// UUIDs: the one 128-bit value type (with its hash) that core/, graph/, store/ and server/ share,
// and parsing of every spelling clients may send (spec 01 §1.3) into the canonical text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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
