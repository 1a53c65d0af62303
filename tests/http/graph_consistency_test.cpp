// The index never drifts from Postgres: after a few hundred random writes through the API, every
// blast radius equals a recursive CTE over the tables, and equals what a freshly started server
// (a full rebuild) answers.
#include <map>
#include <random>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/database_tampering.hpp"
#include "tests/support/graph_oracle.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

constexpr int kDepth = 10;

Radius fromIndex(const HttpClient& http, const std::string& assetId) {
    auto radius = radiusFromIndex(http, assetId, kDepth);
    REQUIRE(radius);
    return *radius;
}

Radius fromPostgres(const TestServer& server, const std::string& assetId) {
    return radiusFromPostgres(server.databaseUrl(), assetId, kDepth);
}

}  // namespace

TEST_CASE("index equals the recursive CTE and a fresh rebuild after random writes",
          "[http][graph][property]") {
    ScratchDatabase database;
    TestServer server({}, database.url());
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    std::vector<std::string> assets;
    for (int i = 0; i < 30; ++i) assets.push_back(createTestAsset(http, team));

    std::mt19937 random(20261126);
    auto pick = [&] { return assets[random() % assets.size()]; };
    int writes = 0;
    for (int step = 0; step < 300; ++step) {
        const int choice = static_cast<int>(random() % 10);
        if (choice < 6) {  // add an edge (duplicates and self-edges are refused: fine)
            const std::string from = pick(), to = pick();
            const int status = http.post("/api/v1/assets/" + from + "/dependencies",
                                         R"({"depends_on_asset_id":")" + to + "\"}")
                                   .status;
            writes += status == 201;
        } else if (choice < 9) {  // remove one of an asset's edges
            const std::string from = pick();
            auto edges = http.get("/api/v1/assets/" + from + "/dependencies").json();
            if (edges["results"].Size() == 0) continue;
            const auto& edge = edges["results"][random() % edges["results"].Size()];
            REQUIRE(
                http.del("/api/v1/assets/" + from + "/dependencies/" + str(edge, "id")).status ==
                204);
            ++writes;
        } else {  // soft-delete or restore (traversal goes through deleted assets)
            const std::string asset = pick();
            if (http.del("/api/v1/assets/" + asset).status != 204) {
                REQUIRE(http.post("/api/v1/assets/" + asset + "/restore").status == 200);
            }
            ++writes;
        }
    }
    INFO(writes << " writes");
    CHECK(writes > 150);

    TestServer rebuilt({}, database.url());
    for (const auto& asset : assets) {
        INFO("asset " << asset);
        const Radius expected = fromPostgres(server, asset);
        CHECK(fromIndex(http, asset) == expected);
        CHECK(fromIndex(rebuilt.client(), asset) == expected);
    }
}

TEST_CASE("registrations and active contracts read by a rebuild equal the index kept by writes",
          "[http][graph][property]") {
    // The full load works out the newest active contract of each asset, the registrations on
    // active contracts and their order itself (store/graph_source.cpp); the write path reads
    // them with SQL per row. Impact answers list consumers in registration order (first
    // registration per team wins), so any difference shows in the bodies.
    ScratchDatabase database;
    TestServer server({}, database.url());
    const auto& http = server.client();
    const std::string owner = createTestTeam(http);
    std::vector<std::string> consumers;
    for (int i = 0; i < 4; ++i) consumers.push_back(createTestTeam(http));
    std::vector<std::string> assets;
    for (int i = 0; i < 10; ++i) {
        assets.push_back(createTestAsset(http, owner));
        if (i > 0) {
            REQUIRE(http.post("/api/v1/assets/" + assets[i] + "/dependencies",
                              R"({"depends_on_asset_id":")" + assets[i / 2] + "\"}")
                        .status == 201);
        }
    }

    std::mt19937 random(4242);
    std::map<std::string, std::string> properties;  // asset → properties of its schema
    std::map<std::string, std::string> contractOf;  // asset → its current contract
    std::vector<std::string> registrations;
    int published = 0, registered = 0, changed = 0;
    for (int step = 0; step < 160; ++step) {
        const std::string asset = assets[random() % assets.size()];
        const int choice = static_cast<int>(random() % 10);
        if (choice < 3 || !contractOf.count(asset)) {  // a compatible version: one more field
            std::string& fields = properties[asset];
            fields += (fields.empty() ? "" : ",") + std::string("\"f") + std::to_string(step) +
                      R"(":{"type":"string"})";
            contractOf[asset] = publishContract(http, asset, owner, objectSchema(fields));
            ++published;
        } else if (choice < 7) {  // the same team may register more than once
            const std::string team = consumers[random() % consumers.size()];
            registrations.push_back(registerConsumer(http, contractOf[asset], team));
            ++registered;
        } else if (!registrations.empty()) {
            const std::string registration = registrations[random() % registrations.size()];
            int status;
            if (choice == 7) {
                status = http.del("/api/v1/registrations/" + registration).status;
                CHECK((status == 204 || status == 404));
            } else {
                const char* next = choice == 8 ? "migrating" : "active";
                status =
                    http.patch("/api/v1/registrations/" + registration,
                               std::string(R"({"status":")") + next + R"(","pinned_version":"1.)" +
                                   std::to_string(step) + ".0\"}")
                        .status;
                CHECK((status == 200 || status == 404));
            }
            changed += status != 404;
        }
    }
    INFO(published << " publishes, " << registered << " registrations, " << changed
                   << " registration changes");
    CHECK(published > 20);
    CHECK(registered > 30);
    CHECK(changed > 20);

    // Publishing deprecates the previous contract, so an asset has one active contract through
    // the API; the index still takes the newest if rows say otherwise. Re-activate every
    // contract of the asset with the most versions, then let a write make the running server
    // re-read that asset row by row.
    std::string mostPublished = assets[0];
    for (const auto& asset : assets) {
        if (properties[asset].size() > properties[mostPublished].size()) mostPublished = asset;
    }
    CHECK(countRows(server, "SELECT count(*) FROM core.contracts WHERE asset_id = $1",
                    mostPublished) > 2);
    // Without triggers: an announced outside change would make the server rebuild, and this
    // test is about the row-by-row path.
    execWithoutTriggers(
        database.url(),
        "UPDATE core.contracts SET status = 'active' WHERE asset_id = '" + mostPublished + "'");
    REQUIRE(http.patch("/api/v1/assets/" + mostPublished, R"({"description":"re-read"})").status ==
            200);

    TestServer rebuilt({}, database.url());
    size_t consumersListed = 0;
    for (const auto& asset : assets) {
        INFO("asset " << asset);
        const std::string path = "/api/v1/assets/" + asset + "/impact";
        auto kept = http.post(path, objectSchema(""));
        auto fresh = rebuilt.client().post(path, objectSchema(""));
        REQUIRE(kept.status == 200);
        CHECK(fresh.body == kept.body);
        consumersListed += kept.json()["impacted_consumers"].Size();
    }
    CHECK(consumersListed > 10);  // the comparison had consumers to compare
}
