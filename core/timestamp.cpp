#include "core/timestamp.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tessera::core {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

std::string format(int64_t epochMicros, const char* suffix) {
    int64_t seconds = epochMicros / 1000000;
    int64_t micros = epochMicros % 1000000;
    if (micros < 0) {
        micros += 1000000;
        seconds -= 1;
    }
    int64_t days = seconds / 86400;
    int64_t secondOfDay = seconds % 86400;
    if (secondOfDay < 0) {
        secondOfDay += 86400;
        days -= 1;
    }
    int64_t year;
    unsigned month, day;
    civilFromDays(days, year, month, day);
    char buffer[64];
    const int hh = static_cast<int>(secondOfDay / 3600);
    const int mi = static_cast<int>(secondOfDay % 3600 / 60);
    const int ss = static_cast<int>(secondOfDay % 60);
    if (micros == 0) {
        std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02d%s",
                      static_cast<long long>(year), month, day, hh, mi, ss, suffix);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02d:%02d:%02d.%06lld%s",
                      static_cast<long long>(year), month, day, hh, mi, ss,
                      static_cast<long long>(micros), suffix);
    }
    return buffer;
}

bool readDigits(std::string_view text, size_t& pos, size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int value = 0;
    for (size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}

bool isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

}  // namespace

std::string formatTimestamp(int64_t epochMicros) {
    return format(epochMicros, "Z");
}

std::string formatOffsetTimestamp(int64_t epochMicros) {
    return format(epochMicros, "+00:00");
}

int64_t currentEpochMicros() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

bool isRfc3339DateTime(std::string_view text) {
    const auto digits = [&](size_t at, size_t count) {
        int ignored = 0;
        return readDigits(text, at, count, ignored);
    };
    if (text.size() < 19 || !digits(0, 4) || text[4] != '-' || !digits(5, 2) || text[7] != '-' ||
        !digits(8, 2) || (text[10] != 'T' && text[10] != 't') || !digits(11, 2) ||
        text[13] != ':' || !digits(14, 2) || text[16] != ':' || !digits(17, 2)) {
        return false;
    }
    size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        const size_t start = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
        if (at == start) return false;
    }
    if (at == text.size()) return true;
    if (text[at] == 'Z' || text[at] == 'z') return at + 1 == text.size();
    return at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && digits(at + 1, 2) &&
           text[at + 3] == ':' && digits(at + 4, 2);
}

std::optional<int64_t> parseDatetime(std::string_view text, std::string* reason) {
    auto fail = [&](const char* why) -> std::optional<int64_t> {
        if (reason) *reason = why;
        return std::nullopt;
    };
    if (text.empty()) return fail("input is too short");

    // Unix epoch seconds (integer or fractional).
    {
        std::string copy(text);
        char* end = nullptr;
        const double seconds = std::strtod(copy.c_str(), &end);
        if (end && *end == '\0' && std::isfinite(seconds) &&
            copy.find_first_not_of("+-0123456789.eE") == std::string::npos) {
            if (seconds > kLastEpochSecond) {
                return fail("dates after 9999 are not supported as unix timestamps");
            }
            if (seconds < kFirstEpochSecond) {
                return fail("dates before year 1 are not supported as unix timestamps");
            }
            return static_cast<int64_t>(std::llround(seconds * 1e6));
        }
    }

    size_t pos = 0;
    int year = 0, month = 0, day = 0;
    if (!readDigits(text, pos, 4, year)) return fail("invalid character in year");
    if (pos >= text.size() || text[pos] != '-') return fail("invalid date separator, expected `-`");
    ++pos;
    if (!readDigits(text, pos, 2, month)) return fail("invalid character in month");
    if (pos >= text.size() || text[pos] != '-') return fail("invalid date separator, expected `-`");
    ++pos;
    if (!readDigits(text, pos, 2, day)) return fail("invalid character in day");
    if (month < 1 || month > 12) return fail("month value is outside expected range of 1-12");
    if (day < 1 || day > daysInMonth(year, month))
        return fail("day value is outside expected range");
    int64_t micros = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
                     86400LL * 1000000LL;
    if (pos == text.size()) return micros;

    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
        return fail("invalid datetime separator, expected `T`, `t`, `_` or space");
    ++pos;
    int hour = 0, minute = 0, second = 0;
    if (!readDigits(text, pos, 2, hour)) return fail("invalid character in hour");
    if (pos >= text.size() || text[pos] != ':') return fail("invalid time separator, expected `:`");
    ++pos;
    if (!readDigits(text, pos, 2, minute)) return fail("invalid character in minute");
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!readDigits(text, pos, 2, second)) return fail("invalid character in second");
    }
    if (hour > 23 || minute > 59 || second > 59)
        return fail("time value is outside expected range");
    int64_t fraction = 0;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 6) {
                fraction = fraction * 10 + (text[pos] - '0');
            }
            ++digits;
            ++pos;
        }
        if (digits == 0) return fail("invalid fractional seconds");
        for (int i = digits; i < 6; ++i) fraction *= 10;
    }
    micros += ((hour * 3600LL + minute * 60LL + second) * 1000000LL) + fraction;
    if (pos == text.size()) return micros;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        return pos + 1 == text.size() ? std::optional<int64_t>(micros)
                                      : fail("unexpected extra characters at the end of the input");
    }
    if (text[pos] != '+' && text[pos] != '-') return fail("invalid timezone sign");
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offsetHours = 0, offsetMinutes = 0;
    if (!readDigits(text, pos, 2, offsetHours)) return fail("invalid timezone hour");
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (pos < text.size() && !readDigits(text, pos, 2, offsetMinutes))
        return fail("invalid timezone minute");
    if (pos != text.size()) return fail("unexpected extra characters at the end of the input");
    if (offsetHours > 23 || offsetMinutes > 59) return fail("timezone offset is outside range");
    micros -= sign * (offsetHours * 3600LL + offsetMinutes * 60LL) * 1000000LL;
    return micros;
}

}  // namespace tessera::core
