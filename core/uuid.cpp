#include "core/uuid.hpp"

#include <array>
#include <random>

#include "core/hex.hpp"

namespace tessera::core {
namespace {

bool isHex(char c) {
    return hexDigitValue(c) >= 0;
}

bool isHyphenPosition(size_t i) {
    return i == 8 || i == 13 || i == 18 || i == 23;
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string canonical(std::string_view hex32) {
    std::string out;
    out.reserve(36);
    for (size_t i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
        out.push_back(lower(hex32[i]));
    }
    return out;
}

// The lowercase 8-4-4-4-12 form.
bool isCanonical(std::string_view text) {
    if (text.size() != 36) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (isHyphenPosition(i)) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::string> parseUuid(std::string_view text, std::string* reason) {
    if (isCanonical(text)) return std::string(text);  // what clients nearly always send
    auto fail = [&](std::string why) -> std::optional<std::string> {
        if (reason) *reason = std::move(why);
        return std::nullopt;
    };
    std::string_view body = text;
    if (body.size() >= 9 && body.substr(0, 9) == "urn:uuid:") {
        body.remove_prefix(9);
    } else if (body.size() >= 2 && body.front() == '{' && body.back() == '}') {
        body = body.substr(1, body.size() - 2);
    }
    for (size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (!isHex(c) && c != '-') {
            return fail(
                "invalid character: expected an optional prefix of `urn:uuid:` followed by "
                "[0-9a-fA-F-], found `" +
                std::string(1, c) + "` at " + std::to_string(i + 1));
        }
    }
    if (body.find('-') == std::string_view::npos) {
        if (body.size() != 32) {
            return fail("invalid length: expected length 32 for simple format, found " +
                        std::to_string(body.size()));
        }
        return canonical(body);
    }
    // Hyphenated: groups of 8-4-4-4-12.
    static constexpr std::array<size_t, 5> kGroupLengths = {8, 4, 4, 4, 12};
    std::string hex;
    size_t group = 0;
    size_t groupStart = 0;
    for (size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || body[i] == '-') {
            if (group >= kGroupLengths.size()) {
                return fail("invalid group count: expected 5, found " + std::to_string(group + 1));
            }
            const size_t length = i - groupStart;
            if (length != kGroupLengths[group]) {
                return fail("invalid group length in group " + std::to_string(group) +
                            ": expected " + std::to_string(kGroupLengths[group]) + ", found " +
                            std::to_string(length));
            }
            hex.append(body.substr(groupStart, length));
            ++group;
            groupStart = i + 1;
        }
    }
    if (group != kGroupLengths.size()) {
        return fail("invalid group count: expected 5, found " + std::to_string(group));
    }
    return canonical(hex);
}

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
        const int value = hexDigitValue(text[i]);
        if (value < 0) return std::nullopt;
        uint64_t& half = digits < 16 ? id.high : id.low;
        half = (half << 4) | static_cast<uint64_t>(value);
        ++digits;
    }
    return id;
}

std::string Uuid::toString() const {
    std::string out(36, '-');
    writeTo(out.data());
    return out;
}

std::string randomUuid() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    Uuid id{engine(), engine()};
    id.high = (id.high & ~0xF000ULL) | 0x4000ULL;            // version 4 (byte 6)
    id.low = (id.low & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant (byte 8)
    return id.toString();
}

}  // namespace tessera::core
