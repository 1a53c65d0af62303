#include "core/uuid.hpp"

#include <set>

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
