// Redis cache pieces that need no Redis: URL parsing, key shapes, invalidation plans.

#include "server/cache/cache_invalidation.hpp"
#include "server/cache/cache_keys.hpp"
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

TEST_CASE("keys of spec 02 §10.2", "[cache]") {
    CHECK(assetKey("a") == "tessera:assets:a");
    CHECK(assetContractsKey("a") == "tessera:assets:contracts:a");
    CHECK(assetLineageKey("a") == "tessera:assets:lineage:a");
    CHECK(contractKey("c") == "tessera:contracts:c");
    // Python: sha256(json.dumps({"filters": F, "q": q}, sort_keys=True))[:16].
    CHECK(assetSearchKey("orders", std::nullopt, std::nullopt) ==
          "tessera:assets:search:ed57b937abccbf95");
    CHECK(assetSearchKey("q", std::string("T"), std::string("dev")) ==
          "tessera:assets:search:ad5bcde883ebb54c");
    CHECK(assetSearchKey("caf\xC3\xA9", std::nullopt, std::nullopt) ==
          "tessera:assets:search:7d839a0f7a9c7152");
    // Filters sorted by key, present ones only; different filters, different keys.
    const std::string both = assetSearchKey("q", std::string("T"), std::string("dev"));
    CHECK(both.size() == std::string("tessera:assets:search:").size() + 16);
    CHECK(both != assetSearchKey("q", std::string("T"), std::nullopt));
    CHECK(both != assetSearchKey("q", std::nullopt, std::string("dev")));
}

TEST_CASE("invalidation plans", "[cache]") {
    CacheChange change;
    change.assetIds = {"a1"};
    change.lineageIds = {"a2", ""};
    change.contractIds = {"c1"};
    InvalidationPlan plan = planInvalidation(change, nullptr);
    CHECK(plan.keys == std::vector<std::string>{"tessera:assets:a1", "tessera:assets:contracts:a1",
                                                "tessera:assets:lineage:a1",
                                                "tessera:assets:lineage:a2",
                                                "tessera:contracts:c1"});
    CHECK(plan.patterns == std::vector<std::string>{"tessera:assets:search:*"});

    CacheChange names;
    names.allAssetKeys = true;
    plan = planInvalidation(names, nullptr);
    CHECK(plan.keys.empty());
    CHECK(plan.patterns == std::vector<std::string>{"tessera:assets:*"});

    CacheChange lineageOnly;
    lineageOnly.lineageIds = {"x"};
    plan = planInvalidation(lineageOnly, nullptr);
    CHECK(plan.patterns.empty());
}
