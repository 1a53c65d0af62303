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

}  // namespace tessera::core
