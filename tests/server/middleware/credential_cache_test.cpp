#include "server/middleware/credential_cache.hpp"

#include <thread>

#include "tests/support/catch.hpp"

using tessera::server::CredentialCache;
using namespace std::chrono_literals;

namespace {

CredentialCache::Entry entry(const std::string& keyId, std::optional<int64_t> expiresAt = {}) {
    return {keyId, "team", {"read"}, expiresAt};
}

}  // namespace

TEST_CASE("a key is fresh for the time-to-live, then only recent for the outage grace",
          "[credential-cache]") {
    // The grace is long beside the sleeps: a check delayed by a busy machine (a sanitizer build
    // on two cores) must still fall inside it.
    CredentialCache cache(30ms, 800ms);
    cache.remember("hash", entry("k1"));
    CHECK(cache.find("hash", 0));
    std::this_thread::sleep_for(50ms);
    CHECK_FALSE(cache.find("hash", 0));
    REQUIRE(cache.findVerifiedRecently("hash", 0));
    CHECK(cache.findVerifiedRecently("hash", 0)->keyId == "k1");
    std::this_thread::sleep_for(800ms);
    CHECK_FALSE(cache.findVerifiedRecently("hash", 0));
}

TEST_CASE("an expired key is never found, not even during an outage", "[credential-cache]") {
    CredentialCache cache(1s, 1s);
    cache.remember("hash", entry("k1", 1000));
    CHECK(cache.find("hash", 999));
    CHECK_FALSE(cache.findVerifiedRecently("hash", 1000));
    CHECK_FALSE(cache.find("hash", 0));  // the slot is gone
}

TEST_CASE("revocation and outside changes forget keys and the first team", "[credential-cache]") {
    CredentialCache cache(1s, 1s);
    cache.remember("h1", entry("k1"));
    cache.remember("h2", entry("k2"));
    cache.rememberFirstTeam("t1");
    cache.forgetKey("k1");
    CHECK_FALSE(cache.find("h1", 0));
    CHECK_FALSE(cache.findVerifiedRecently("h1", 0));
    CHECK(cache.find("h2", 0));
    CHECK(cache.firstTeam() == std::optional<std::string>("t1"));
    cache.forgetAll();
    CHECK_FALSE(cache.findVerifiedRecently("h2", 0));
    CHECK_FALSE(cache.firstTeam());
}

TEST_CASE("the cache stays bounded", "[credential-cache]") {
    CredentialCache cache(1s, 1s, 3);
    for (int i = 0; i < 10; ++i) cache.remember("h" + std::to_string(i), entry("k"));
    int found = 0;
    for (int i = 0; i < 10; ++i) found += cache.find("h" + std::to_string(i), 0).has_value();
    CHECK(found <= 3);
    CHECK(cache.find("h9", 0));
}
