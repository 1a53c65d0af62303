// The index never drifts from Postgres: after a few hundred random writes through the API, every
// blast radius equals a recursive CTE over the tables, and equals what a freshly started server
// (a full rebuild) answers.
#include <catch2/catch.hpp>
#include <map>
#include <random>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

using Radius = std::map<std::string, long long>;  // asset id → shortest depth

constexpr int kDepth = 10;

Radius fromIndex(const HttpClient& http, const std::string& assetId) {
    auto response =
        http.get("/api/v1/assets/" + assetId + "/blast-radius?depth=" + std::to_string(kDepth));
    REQUIRE(response.status == 200);
    Radius radius;
    auto body = response.json();
    for (const auto& asset : body["assets"].GetArray()) {
        radius[str(asset, "asset_id")] = num(asset["depth"]);
    }
    return radius;
}

Radius fromPostgres(const TestServer& server, const std::string& assetId) {
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    Radius radius;
    for (const auto& row :
         query.exec_params("WITH RECURSIVE walk(asset_id, depth) AS ("
                           " SELECT d.dependent_asset_id, 1 FROM core.dependencies d"
                           "  WHERE d.dependency_asset_id = $1"
                           " UNION"
                           " SELECT d.dependent_asset_id, w.depth + 1 FROM walk w"
                           "  JOIN core.dependencies d ON d.dependency_asset_id = w.asset_id"
                           "  WHERE w.depth < $2)"
                           " SELECT asset_id::text, min(depth) FROM walk WHERE asset_id <> $1"
                           " GROUP BY asset_id",
                           assetId, kDepth)) {
        radius[row[0].as<std::string>()] = row[1].as<long long>();
    }
    return radius;
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
