#include "tests/support/graph_oracle.hpp"

#include <pqxx/pqxx>

#include "tests/support/json_access.hpp"

namespace tessera::testing {

std::optional<Radius> radiusFromIndex(const HttpClient& http, const std::string& assetId,
                                      int depth) {
    auto response =
        http.get("/api/v1/assets/" + assetId + "/blast-radius?depth=" + std::to_string(depth));
    if (response.status != 200) return std::nullopt;
    Radius radius;
    auto body = response.json();
    for (const auto& asset : body["assets"].GetArray()) {
        radius[str(asset, "asset_id")] = num(asset["depth"]);
    }
    return radius;
}

Radius radiusFromPostgres(const std::string& databaseUrl, const std::string& assetId, int depth) {
    pqxx::connection connection(databaseUrl);
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
                           assetId, depth)) {
        radius[row[0].as<std::string>()] = row[1].as<long long>();
    }
    return radius;
}

std::vector<std::string> assetsWhoseRadiusDiffers(const HttpClient& http,
                                                  const std::string& databaseUrl, int depth) {
    std::vector<std::string> assetIds;
    {
        pqxx::connection connection(databaseUrl);
        pqxx::nontransaction query(connection);
        for (const auto& row : query.exec("SELECT id::text FROM core.assets ORDER BY id")) {
            assetIds.push_back(row[0].as<std::string>());
        }
    }
    std::vector<std::string> differing;
    for (const auto& id : assetIds) {
        const auto indexed = radiusFromIndex(http, id, depth);
        if (!indexed || *indexed != radiusFromPostgres(databaseUrl, id, depth)) {
            differing.push_back(id);
        }
    }
    return differing;
}

}  // namespace tessera::testing
