#include "server/middleware/credentials.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;

TEST_CASE("API keys are tess_live_ plus 64 hex characters", "[credentials]") {
    const std::string key = generateApiKey();
    CHECK(key.size() == 74);
    CHECK(key.rfind("tess_live_", 0) == 0);
    CHECK(key.find_first_not_of("0123456789abcdef", 10) == std::string::npos);
    CHECK(apiKeyDisplayPrefix(key) == key.substr(0, 14));
    CHECK(generateApiKey() != key);
}

TEST_CASE("SHA-256 and constant-time comparison", "[credentials]") {
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(constantTimeEquals("same", "same"));
    CHECK_FALSE(constantTimeEquals("same", "sane"));
    CHECK_FALSE(constantTimeEquals("short", "longer"));
}

TEST_CASE("Argon2id password hashes verify and carry the spec parameters", "[credentials]") {
    const std::string hash = hashPassword("correct horse");
    CHECK(hash.rfind("$argon2id$v=19$m=65536,t=3,p=4$", 0) == 0);
    CHECK(verifyArgon2id(hash, "correct horse"));
    CHECK_FALSE(verifyArgon2id(hash, "wrong horse"));
    CHECK_FALSE(verifyArgon2id("not-a-hash", "x"));
}
