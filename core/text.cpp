#include "core/text.hpp"

#include <cstdint>

namespace tessera::core {
namespace {

// Decodes one UTF-8 sequence at `pos`; malformed bytes count as one code point each.
uint32_t decodeAt(std::string_view s, size_t pos, size_t& length) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    auto cont = [&](size_t i) -> uint32_t {
        return pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) & 0x3F : 0;
    };
    if (b0 < 0x80) {
        length = 1;
        return b0;
    }
    if ((b0 >> 5) == 0x6 && pos + 1 < s.size()) {
        length = 2;
        return ((b0 & 0x1F) << 6) | cont(1);
    }
    if ((b0 >> 4) == 0xE && pos + 2 < s.size()) {
        length = 3;
        return ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    }
    if ((b0 >> 3) == 0x1E && pos + 3 < s.size()) {
        length = 4;
        return ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
    }
    length = 1;
    return 0xFFFD;
}

bool isUnicodeWhitespace(uint32_t cp) {
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85 ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

}  // namespace

size_t codePointLength(std::string_view utf8) {
    size_t count = 0;
    for (size_t pos = 0; pos < utf8.size();) {
        size_t length = 1;
        decodeAt(utf8, pos, length);
        pos += length;
        ++count;
    }
    return count;
}

namespace {

// The length of the well-formed UTF-8 sequence at `pos` (no overlongs, surrogates or code
// points above U+10FFFF), or 0 if there is none. NUL counts as malformed: Postgres text
// cannot hold it.
size_t wellFormedSequenceAt(std::string_view bytes, size_t pos) {
    const auto lead = static_cast<unsigned char>(bytes[pos]);
    size_t length = 0;
    if (lead >= 0x01 && lead < 0x80) {
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (pos + length > bytes.size()) return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(bytes[pos + i]) & 0xC0) != 0x80) return 0;
    }
    const auto second = static_cast<unsigned char>(bytes[pos + 1]);
    if (length == 3 && ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0))) {
        return 0;
    }
    if (length == 4 && ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90))) {
        return 0;
    }
    return length;
}

}  // namespace

bool isStorableText(std::string_view bytes) {
    for (size_t pos = 0; pos < bytes.size();) {
        const size_t length = wellFormedSequenceAt(bytes, pos);
        if (length == 0) return false;
        pos += length;
    }
    return true;
}

std::string sanitizedUtf8Prefix(std::string_view bytes, size_t maxCodePoints) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    size_t count = 0;
    for (size_t pos = 0; pos < bytes.size() && count < maxCodePoints; ++count) {
        const size_t length = wellFormedSequenceAt(bytes, pos);
        if (length > 0) {
            out.append(bytes.substr(pos, length));
            pos += length;
        } else {
            out.append(kReplacement);
            pos += 1;
        }
    }
    return out;
}

std::string trimWhitespace(std::string_view utf8) {
    size_t begin = 0;
    while (begin < utf8.size()) {
        size_t length = 1;
        if (!isUnicodeWhitespace(decodeAt(utf8, begin, length))) break;
        begin += length;
    }
    size_t end = begin;
    size_t lastNonSpaceEnd = begin;
    while (end < utf8.size()) {
        size_t length = 1;
        const uint32_t cp = decodeAt(utf8, end, length);
        end += length;
        if (!isUnicodeWhitespace(cp)) lastNonSpaceEnd = end;
    }
    return std::string(utf8.substr(begin, lastNonSpaceEnd - begin));
}

std::string withThousandsSeparators(long long value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    const size_t n = digits.size();
    for (size_t i = 0; i < n; ++i) {
        out.push_back(digits[i]);
        if ((n - i - 1) % 3 == 0 && i + 1 < n) out.push_back(',');
    }
    return value < 0 ? "-" + out : out;
}

std::string asciiLower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lowered;
}

}  // namespace tessera::core
