// What each write invalidates (server/cache/cache_invalidation).
#include "server/cache/cache_invalidation.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;

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
