// PostgreSQL binary COPY tuples and binary field decoding, as the index load reads them. The
// byte layouts are the manual's (COPY, Binary Format); the load itself runs against a real
// Postgres in the HTTP and graph tests.
#include "store/pg_binary_format.hpp"

#include <string>

#include "core/uuid.hpp"
#include "tests/support/catch.hpp"

using tessera::core::Uuid;
using tessera::store::binaryBool;
using tessera::store::BinaryCopyParser;
using tessera::store::BinaryFields;
using tessera::store::binaryInt64;
using tessera::store::binaryUuid;

namespace {

std::string header() {
    return std::string("PGCOPY\n\377\r\n\0", 11) + std::string(8, '\0');  // flags 0, no extension
}
std::string int16(int value) {
    return {static_cast<char>((value >> 8) & 0xFF), static_cast<char>(value & 0xFF)};
}
std::string int32(int32_t value) {
    const auto u = static_cast<uint32_t>(value);
    return {static_cast<char>(u >> 24), static_cast<char>((u >> 16) & 0xFF),
            static_cast<char>((u >> 8) & 0xFF), static_cast<char>(u & 0xFF)};
}
std::string field(const std::string& bytes) {
    return int32(static_cast<int32_t>(bytes.size())) + bytes;
}
const std::string kNull = int32(-1);
const std::string kTrailer = int16(-1);

}  // namespace

TEST_CASE("binary fields: uuid, bool, int8/timestamptz", "[binary_copy]") {
    const std::string bytes("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x02\x03\x04\x05\x06\x07\x08", 16);
    const Uuid id = binaryUuid(bytes);
    CHECK(id.high == 0x123456789abcdef0ULL);
    CHECK(id.low == 0x0102030405060708ULL);
    CHECK(id.toString() == "12345678-9abc-def0-0102-030405060708");
    // Ordering follows the bytes, as Postgres orders uuids.
    CHECK(binaryUuid(std::string(16, '\x01')) < binaryUuid(std::string(15, '\x01') + "\x02"));
    CHECK(binaryUuid(std::string(16, '\xff')) > binaryUuid(std::string(16, '\x7f')));

    CHECK(binaryBool(std::string(1, '\1')));
    CHECK_FALSE(binaryBool(std::string(1, '\0')));

    // 2026-01-01 00:00:00+00 is 820,540,800 s after 2000-01-01: timestamptz sends microseconds.
    CHECK(binaryInt64(std::string("\x00\x02\xea\x47\x0a\xe8\x60\x00", 8)) == 820540800000000LL);
    CHECK(binaryInt64(std::string(8, '\xff')) == -1);  // before 2000: negative

    CHECK_THROWS(binaryUuid("short"));
    CHECK_THROWS(binaryBool(""));
    CHECK_THROWS(binaryInt64(std::string(4, '\0')));
}

TEST_CASE("binary COPY: header, tuples, NULLs, trailer, across messages", "[binary_copy]") {
    BinaryCopyParser parser(3);
    BinaryFields fields;

    // The header arrives in front of the first tuple; each message then holds one tuple.
    std::string first = header() + int16(3) + field("abc") + kNull + field("");
    std::string_view message(first);
    REQUIRE(parser.next(message, fields));
    CHECK(message.empty());
    REQUIRE(fields.size() == 3);
    CHECK(fields[0] == std::optional<std::string_view>("abc"));
    CHECK_FALSE(fields[1]);
    CHECK(fields[2] == std::optional<std::string_view>(""));  // empty is not NULL

    std::string second = int16(3) + field("x") + field(std::string("\0\1", 2)) + field("z");
    message = second;
    REQUIRE(parser.next(message, fields));
    CHECK(fields[1]->size() == 2);

    message = kTrailer;
    CHECK_FALSE(parser.next(message, fields));
    CHECK(parser.finished());
    message = second;
    CHECK_THROWS(parser.next(message, fields));  // nothing after the trailer

    // Several tuples in one message parse one after another.
    BinaryCopyParser many(1);
    std::string all = header() + int16(1) + field("a") + int16(1) + field("b") + kTrailer;
    message = all;
    REQUIRE(many.next(message, fields));
    CHECK(*fields[0] == "a");
    REQUIRE(many.next(message, fields));
    CHECK(*fields[0] == "b");
    CHECK_FALSE(many.next(message, fields));
}

TEST_CASE("binary COPY: malformed input is refused, never read past", "[binary_copy]") {
    BinaryFields fields;
    std::string bytesRead;  // the fields point into it
    auto parseFirst = [&](std::string bytes, size_t columns) {
        bytesRead = std::move(bytes);
        BinaryCopyParser parser(columns);
        std::string_view message(bytesRead);
        return parser.next(message, fields);
    };
    CHECK_THROWS(parseFirst("PGCOPY\n", 1));  // short header
    CHECK_THROWS(parseFirst(std::string("XGCOPY\n\377\r\n\0", 11) + std::string(8, '\0'), 1));
    CHECK_THROWS(parseFirst(header() + int16(2) + field("a") + field("b"), 1));  // field count
    CHECK_THROWS(parseFirst(header() + int16(1) + int32(10) + "abc", 1));        // past the end
    CHECK_THROWS(parseFirst(header() + int16(1) + int32(-2), 1));                // bad length
    CHECK_THROWS(parseFirst(header() + int16(1), 1));                            // truncated
    // A critical header flag (bit 0) is not understood; the OID flag (bit 16) is not expected.
    CHECK_THROWS(parseFirst(
        std::string("PGCOPY\n\377\r\n\0", 11) + int32(1) + int32(0) + int16(1) + field("a"), 1));
    CHECK_THROWS(parseFirst(
        std::string("PGCOPY\n\377\r\n\0", 11) + int32(0x10000) + int32(0) + int16(1) + field("a"),
        1));
    // A header extension is skipped.
    CHECK(parseFirst(
        std::string("PGCOPY\n\377\r\n\0", 11) + int32(0) + int32(3) + "ext" + int16(1) + field("a"),
        1));
    CHECK(*fields[0] == "a");
    CHECK_THROWS(parseFirst(std::string("PGCOPY\n\377\r\n\0", 11) + int32(0) + int32(99), 1));
}
