// The cache keys of spec 02 §10.2 (server/cache/cache_keys).
#include "server/cache/cache_keys.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;

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
