#include "graph/dependency_index.hpp"

namespace tessera::graph {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool isHyphenPosition(size_t i) {
    return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
    const bool hyphenated = text.size() == 36;
    if (!hyphenated && text.size() != 32) return std::nullopt;
    Uuid id;
    int digits = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (hyphenated && isHyphenPosition(i)) {
            if (text[i] != '-') return std::nullopt;
            continue;
        }
        const int value = hexValue(text[i]);
        if (value < 0) return std::nullopt;
        uint64_t& half = digits < 16 ? id.high : id.low;
        half = (half << 4) | static_cast<uint64_t>(value);
        ++digits;
    }
    return id;
}

std::string Uuid::toString() const {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(36, '-');
    size_t position = 0;
    for (int digit = 0; digit < 32; ++digit) {
        if (isHyphenPosition(position)) ++position;
        const uint64_t half = digit < 16 ? high : low;
        const int shift = 60 - 4 * (digit % 16);
        out[position++] = kHex[(half >> shift) & 0xF];
    }
    return out;
}

size_t UuidHash::operator()(const Uuid& id) const noexcept {
    // UUIDs may be time-ordered (v1/v7), so mix both halves rather than trusting any bits.
    uint64_t h = id.high ^ (id.low * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return static_cast<size_t>(h);
}

}  // namespace tessera::graph
