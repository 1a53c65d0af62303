#include "core/timestamp.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("timestamps omit a zero fraction and keep six digits otherwise", "[timestamp]") {
    // 2024-05-01T10:00:00Z
    const int64_t base = 1714557600LL * 1000000;
    CHECK(formatTimestamp(base) == "2024-05-01T10:00:00Z");
    CHECK(formatTimestamp(base + 120000) == "2024-05-01T10:00:00.120000Z");
    CHECK(formatTimestamp(base + 1) == "2024-05-01T10:00:00.000001Z");
    CHECK(formatOffsetTimestamp(base + 123456) == "2024-05-01T10:00:00.123456+00:00");
    CHECK(formatOffsetTimestamp(base) == "2024-05-01T10:00:00+00:00");
    CHECK(formatTimestamp(0) == "1970-01-01T00:00:00Z");
    CHECK(formatTimestamp(-1) == "1969-12-31T23:59:59.999999Z");
}

TEST_CASE("datetimes parse in every accepted form", "[timestamp]") {
    const int64_t base = 1714557600LL * 1000000;
    std::string reason;
    CHECK(parseDatetime("2024-05-01T10:00:00Z", &reason) == base);
    CHECK(parseDatetime("2024-05-01T10:00:00", &reason) == base);
    CHECK(parseDatetime("2024-05-01T12:00:00+02:00", &reason) == base);
    CHECK(parseDatetime("2024-05-01T10:00:00.12Z", &reason) == base + 120000);
    CHECK(parseDatetime("2024-05-01", &reason) == 1714521600LL * 1000000);
    CHECK(parseDatetime("1714557600", &reason) == base);
}

TEST_CASE("invalid datetimes explain why", "[timestamp]") {
    std::string reason;
    CHECK_FALSE(parseDatetime("", &reason));
    CHECK_FALSE(parseDatetime("2024-13-01", &reason));
    CHECK(reason.find("month") != std::string::npos);
    CHECK_FALSE(parseDatetime("2024-02-30", &reason));
    CHECK_FALSE(parseDatetime("yesterday", &reason));
    CHECK_FALSE(parseDatetime("2024-05-01T25:00:00", &reason));
    CHECK_FALSE(parseDatetime("2024-05-01T10:00:00Zjunk", &reason));
    // Epoch seconds past the years 0000–9999 (one overflowed into a Postgres error, a 500).
    CHECK_FALSE(parseDatetime("18446744073709551616", &reason));
    CHECK(reason == "dates after 9999 are not supported as unix timestamps");
    CHECK_FALSE(parseDatetime("253402300800", &reason));
    CHECK_FALSE(parseDatetime("-1e300", &reason));
    CHECK(reason == "dates before year 1 are not supported as unix timestamps");
    CHECK(parseDatetime("253402300799", &reason) == 253402300799LL * 1000000);
    CHECK(parseDatetime("-62135596800", &reason) == -62135596800LL * 1000000);
}
