// REDIS_URL parsing (server/cache/redis_cache), without a Redis.
#include "server/cache/redis_cache.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;

TEST_CASE("REDIS_URL forms", "[cache]") {
    std::string error;
    auto plain = parseRedisUrl("redis://localhost:6380/2", &error);
    REQUIRE(plain);
    CHECK(plain->host == "localhost");
    CHECK(plain->port == 6380);
    CHECK(plain->database == 2);
    CHECK(plain->password.empty());
    auto secret = parseRedisUrl("redis://:pw@10.0.0.1", &error);
    REQUIRE(secret);
    CHECK(secret->password == "pw");
    CHECK(secret->port == 6379);
    CHECK(secret->database == 0);
    auto user = parseRedisUrl("redis://default:pw@host:1/", &error);
    REQUIRE(user);
    CHECK(user->password == "pw");
    CHECK_FALSE(parseRedisUrl("http://localhost", &error));
    CHECK_FALSE(parseRedisUrl("redis://localhost:notaport", &error));
    CHECK_FALSE(parseRedisUrl("redis://localhost/x", &error));
}
