#include "core/uuid.hpp"

#include <random>
#include <set>
#include <unordered_set>
#include <vector>

#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("UUIDs parse in every accepted form to the canonical form", "[uuid]") {
    const std::string canonical = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    CHECK(parseUuid(canonical) == canonical);
    CHECK(parseUuid("6BA7B810-9DAD-11D1-80B4-00C04FD430C8") == canonical);
    CHECK(parseUuid("6ba7b8109dad11d180b400c04fd430c8") == canonical);
    CHECK(parseUuid("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}") == canonical);
    CHECK(parseUuid("urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8") == canonical);
    CHECK(parseUuid("00000000-0000-0000-0000-000000000000") ==
          "00000000-0000-0000-0000-000000000000");
}

TEST_CASE("invalid UUIDs are rejected with a reason", "[uuid]") {
    std::string reason;
    CHECK_FALSE(parseUuid("not-a-uuid", &reason));
    CHECK(reason.find("invalid character") != std::string::npos);
    CHECK_FALSE(parseUuid("123", &reason));
    CHECK(reason.find("invalid length") != std::string::npos);
    CHECK_FALSE(parseUuid("6ba7b810-9dad-11d1-80b4", &reason));
    CHECK(reason.find("group") != std::string::npos);
    CHECK_FALSE(parseUuid("", &reason));
    CHECK_FALSE(parseUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8-", &reason));
    // 36 characters but not the canonical layout.
    CHECK_FALSE(parseUuid("6ba7b810-9dad-11d1-80b4-00c04fd430cg", &reason));
    CHECK(reason.find("invalid character") != std::string::npos);
    CHECK_FALSE(parseUuid("6ba7b8109-dad-11d1-80b4-00c04fd430c8", &reason));
    CHECK(reason.find("group") != std::string::npos);
}

TEST_CASE("random UUIDs are version 4 and distinct", "[uuid]") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = randomUuid();
        REQUIRE(parseUuid(id) == id);
        CHECK(id[14] == '4');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // RFC 4122 variant
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
}

// ---------------------------------------------------------------------------------------------
// The 128-bit value type (graph/, store/ and server/ all use it)

TEST_CASE("Uuid parses canonical and 32-digit forms and prints canonical lower case", "[uuid]") {
    const auto id = Uuid::parse("0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0");
    REQUIRE(id);
    CHECK(id->high == 0x0F1E2D3C4B5A6978ULL);
    CHECK(id->low == 0x8796A5B4C3D2E1F0ULL);
    CHECK(id->toString() == "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    CHECK(Uuid::parse("0f1e2d3c4b5a69788796a5b4c3d2e1f0") == id);
    CHECK_FALSE(Uuid::parse(""));
    CHECK_FALSE(Uuid::parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f"));
    CHECK_FALSE(Uuid::parse("0f1e2d3c-4b5a-6978-8796_a5b4c3d2e1f0"));
    CHECK_FALSE(Uuid::parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg"));
    CHECK_FALSE(Uuid::parse("0f1e2d3c4b5a-6978-8796-a5b4c3d2e1f00"));
    // The other spellings are parseUuid()'s to normalise, not the value type's.
    CHECK_FALSE(Uuid::parse("{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}"));
    CHECK_FALSE(Uuid::parse("urn:uuid:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
}

TEST_CASE("Uuid order is the order of the canonical text", "[uuid]") {
    std::mt19937_64 random(7);
    std::vector<Uuid> ids;
    for (int i = 0; i < 200; ++i) ids.push_back(Uuid{random(), random()});
    ids.push_back(Uuid{ids[0].high, ids[0].low + 1});
    for (size_t i = 0; i + 1 < ids.size(); ++i) {
        CHECK((ids[i] < ids[i + 1]) == (ids[i].toString() < ids[i + 1].toString()));
        CHECK(Uuid::parse(ids[i].toString()) == ids[i]);
    }
    CHECK(UuidHash{}(ids[0]) != UuidHash{}(ids[1]));
}

TEST_CASE("Uuid hash spreads time-ordered ids", "[uuid]") {
    // v7-like ids: consecutive timestamps in the high bits, few random bits below. A hash that
    // trusted either half alone would collide here.
    std::unordered_set<size_t> hashes;
    for (uint64_t i = 0; i < 4096; ++i) {
        hashes.insert(UuidHash{}(Uuid{i << 16, 0}));
        hashes.insert(UuidHash{}(Uuid{0, i}));
    }
    CHECK(hashes.size() == 2 * 4096 - 1);  // Uuid{0, 0} is in both runs
    // The same value always hashes the same (the index's tables depend on it).
    CHECK(UuidHash{}(Uuid{1, 2}) == UuidHash{}(*Uuid::parse("00000000000000010000000000000002")));
}

TEST_CASE("Uuid reads Postgres' 16 network-order bytes", "[uuid]") {
    const unsigned char bytes[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                     0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    const Uuid id = Uuid::fromBytes(bytes);
    CHECK(id.high == 0x6ba7b8109dad11d1ULL);
    CHECK(id.low == 0x80b400c04fd430c8ULL);
    CHECK(id.toString() == "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
}

TEST_CASE("Uuid writeTo writes the 36 canonical characters and nothing else", "[uuid]") {
    std::string buffer(40, '#');
    const Uuid id{0xFFFFFFFFFFFFFFFFULL, 0x0123456789ABCDEFULL};
    id.writeTo(buffer.data() + 2);
    CHECK(buffer == "##ffffffff-ffff-ffff-0123-456789abcdef##");
    CHECK(Uuid{}.toString() == "00000000-0000-0000-0000-000000000000");
}
