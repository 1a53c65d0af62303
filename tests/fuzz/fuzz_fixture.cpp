#include "tests/fuzz/fuzz_fixture.hpp"

#include <map>
#include <stdexcept>

namespace tessera::fuzz {
namespace {

using Headers = std::map<std::string, std::string>;

Headers bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
}

// The string at `first` (then `second`, when given) in a 2xx response's JSON.
std::string field(const testing::HttpResult& response, const std::string& what, const char* first,
                  const char* second = nullptr) {
    if (response.status < 200 || response.status >= 300) {
        throw std::runtime_error("fuzz fixture: " + what + " failed with " +
                                 std::to_string(response.status) + ": " + response.body);
    }
    const rapidjson::Document document = response.json();
    const rapidjson::Value* value = &document;
    for (const char* key : {first, second}) {
        if (!key) break;
        if (!value->IsObject() || !value->HasMember(key)) {
            throw std::runtime_error("fuzz fixture: no \"" + std::string(key) + "\" in " + what +
                                     " response: " + response.body);
        }
        value = &(*value)[key];
    }
    if (!value->IsString()) throw std::runtime_error("fuzz fixture: bad " + what + " response");
    return value->GetString();
}

}  // namespace

KnownIds createFixture(const testing::HttpClient& http, const std::string& bootstrapKey) {
    KnownIds ids;
    ids.bootstrapKey = bootstrapKey;
    const Headers boot = bearer(bootstrapKey);
    ids.homeTeam =
        field(http.post("/api/v1/teams", R"({"name":"fuzz-home"})", boot), "home team", "id");
    const auto key = [&](const std::string& name, const std::string& scopes) {
        return http.post("/api/v1/api-keys",
                         R"({"name":")" + name + R"(","team_id":")" + ids.homeTeam +
                             R"(","scopes":)" + scopes + "}",
                         boot);
    };
    ids.adminKey = field(key("fuzz admin", R"(["admin"])"), "admin key", "key");
    ids.readKey = field(key("fuzz read", R"(["read"])"), "read key", "key");
    ids.spareKeyId = field(key("fuzz spare", R"(["write"])"), "spare key", "id");

    const Headers admin = bearer(ids.adminKey);
    ids.targetTeam =
        field(http.post("/api/v1/teams", R"({"name":"fuzz-target"})", admin), "target team", "id");
    ids.user = field(http.post("/api/v1/users",
                               R"({"email":"fuzz@example.com","name":"Fuzz","team_id":")" +
                                   ids.targetTeam + R"("})",
                               admin),
                     "user", "id");
    ids.fqn = "warehouse.fuzz.orders";
    const auto asset = [&](const std::string& fqn) {
        return field(
            http.post("/api/v1/assets",
                      R"({"fqn":")" + fqn + R"(","owner_team_id":")" + ids.targetTeam + R"("})",
                      admin),
            "asset", "id");
    };
    ids.asset = asset(ids.fqn);
    ids.downstreamAsset = asset("warehouse.fuzz.order_totals");
    const std::string publishPath =
        "/api/v1/assets/" + ids.asset + "/contracts?published_by=" + ids.targetTeam;
    const auto publish = [&](const std::string& properties, const std::string& version) {
        return http.post(publishPath,
                         R"({"version":")" + version +
                             R"(","schema":{"type":"object","properties":{)" + properties + "}}}",
                         admin);
    };
    ids.contractVersion = "1.0.0";
    ids.contract = field(publish(R"("id":{"type":"integer"},"total":{"type":"number"})", "1.0.0"),
                         "contract", "contract", "id");
    ids.registration = field(http.post("/api/v1/registrations?contract_id=" + ids.contract,
                                       R"({"consumer_team_id":")" + ids.homeTeam + R"("})", admin),
                             "registration", "id");
    ids.dependency = field(http.post("/api/v1/assets/" + ids.downstreamAsset + "/dependencies",
                                     R"({"depends_on_asset_id":")" + ids.asset + R"("})", admin),
                           "dependency", "id");
    // Dropping a column a registered consumer reads is breaking: a pending proposal.
    ids.proposal =
        field(publish(R"("id":{"type":"integer"})", "2.0.0"), "proposal", "proposal", "id");
    const testing::HttpResult events = http.get("/api/v1/audit/events?limit=1", admin);
    const rapidjson::Document list = events.json();
    if (list.IsObject() && list.HasMember("results") && list["results"].IsArray() &&
        !list["results"].Empty() && list["results"][0].HasMember("id")) {
        ids.auditEvent = list["results"][0]["id"].GetString();
    }
    return ids;
}

}  // namespace tessera::fuzz
