#include "tests/support/api_fixtures.hpp"

#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

namespace tessera::testing {

std::string objectSchema(const std::string& properties) {
    return R"({"type":"object","properties":{)" + properties + "}}";
}

std::string createTeamNamed(const HttpClient& http, const std::string& name) {
    auto response = http.post("/api/v1/teams", R"({"name":")" + name + "\"}");
    REQUIRE(response.status == 201);
    return str(response.json(), "id");
}

std::string createTestTeam(const HttpClient& http) {
    return createTeamNamed(http, "team-" + uniqueSuffix());
}

std::string uniqueFqn(const std::string& prefix) {
    return prefix + ".schema_" + uniqueSuffix() + ".table";
}

HttpResult postAsset(const HttpClient& http, const std::string& teamId, const std::string& fqn,
                     const std::string& extraFields,
                     const std::map<std::string, std::string>& headers) {
    return http.post(
        "/api/v1/assets",
        R"({"fqn":")" + fqn + R"(","owner_team_id":")" + teamId + "\"" + extraFields + "}",
        headers);
}

std::string createTestAsset(const HttpClient& http, const std::string& teamId,
                            const std::string& extraFields) {
    auto response = postAsset(http, teamId, uniqueFqn(), extraFields);
    REQUIRE(response.status == 201);
    return str(response.json(), "id");
}

HttpResult publish(const HttpClient& http, const std::string& assetId, const std::string& teamId,
                   const std::string& schema, const std::string& extraFields,
                   const std::string& extraQuery) {
    return http.post("/api/v1/assets/" + assetId + "/contracts?published_by=" + teamId + extraQuery,
                     R"({"schema":)" + schema + extraFields + "}");
}

std::string publishContract(const HttpClient& http, const std::string& assetId,
                            const std::string& teamId, const std::string& schema,
                            const std::string& extraFields) {
    auto response = publish(http, assetId, teamId, schema, extraFields);
    INFO(response.body);
    REQUIRE(response.status == 201);
    auto body = response.json();
    REQUIRE(body.HasMember("contract"));
    return str(body["contract"], "id");
}

std::string registerConsumer(const HttpClient& http, const std::string& contractId,
                             const std::string& teamId) {
    auto response = http.post("/api/v1/registrations?contract_id=" + contractId,
                              R"({"consumer_team_id":")" + teamId + "\"}");
    INFO(response.body);
    REQUIRE(response.status == 201);
    return str(response.json(), "id");
}

void dependsOn(const HttpClient& http, const std::string& downstream, const std::string& upstream) {
    auto response = http.post("/api/v1/assets/" + downstream + "/dependencies",
                              R"({"depends_on_asset_id":")" + upstream + "\"}");
    INFO(response.body);
    REQUIRE(response.status == 201);
}

std::string downstreamListing(const HttpClient& http, const std::string& assetId) {
    auto response = http.get("/api/v1/assets/" + assetId + "/blast-radius?depth=10");
    REQUIRE(response.status == 200);
    std::string out;
    for (const auto& asset : response.json()["assets"].GetArray()) {
        out += (out.empty() ? "" : " ") + str(asset, "fqn") + "@" +
               std::to_string(num(asset["depth"]));
    }
    return out;
}

std::string insertUser(const TestServer& server, const std::string& teamId, const std::string& name,
                       bool deactivated) {
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    return query
        .exec_params1(
            "INSERT INTO core.users (email, name, team_id, deactivated_at)"
            " VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END) RETURNING id::text",
            name + "-" + uniqueSuffix() + "@example.com", name, teamId, deactivated)[0]
        .as<std::string>();
}

}  // namespace tessera::testing
