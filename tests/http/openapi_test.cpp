// GET /openapi.json (issue 18 items 1–2): generated from the route table, so every route the
// server serves is in the document and nothing else is; the document validates against the
// official OpenAPI 3.1 schema with python3-jsonschema, and real responses validate against the
// schemas it declares. Public, read-only, ETag / 304.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "core/api_enums.hpp"
#include "server/config.hpp"
#include "server/handlers/openapi.hpp"
#include "server/handlers/route_table.hpp"
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/python_tools.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace tessera::testing;
using tessera::server::buildServedRoutes;

namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::set<std::string> documentOperations(const rapidjson::Value& document) {
    std::set<std::string> operations;
    for (const auto& path : document["paths"].GetObject()) {
        for (const auto& method : path.value.GetObject()) {
            operations.insert(lower(method.name.GetString()) + " " + path.name.GetString());
        }
    }
    return operations;
}

const rapidjson::Value& operationOf(const rapidjson::Value& document, const char* path,
                                    const char* method) {
    return document["paths"][path][method];
}

const rapidjson::Value* queryParameter(const rapidjson::Value& operation, const char* name) {
    for (const auto& parameter : operation["parameters"].GetArray()) {
        if (std::string(parameter["name"].GetString()) == name) return &parameter;
    }
    return nullptr;
}

std::vector<std::string> strings(const rapidjson::Value& array) {
    std::vector<std::string> values;
    for (const auto& item : array.GetArray()) values.emplace_back(item.GetString());
    return values;
}

// {"document": …, "samples": [{"method","path","status","body"}…]} for validate_openapi.py.
class Samples {
  public:
    // Returns the response, so a test can sample a call and go on with its answer.
    HttpResult add(const std::string& method, const std::string& routeTemplate,
                   const HttpResult& response) {
        if (!json_.empty()) json_ += ",";
        const std::string type = response.header("content-type");
        const std::string media = type.substr(0, type.find(';'));
        json_ += R"({"method":")" + method + R"(","path":")" + routeTemplate + R"(","status":)" +
                 std::to_string(response.status) + R"(,"body":)";
        if (response.body.empty()) {
            json_ += "null}";
        } else if (media == "application/json") {
            json_ += response.body + "}";
        } else {
            json_ += R"(null,"media":")" + media + R"("})";
        }
        ++count_;
        return response;
    }
    std::string input(const std::string& document) const {
        return R"({"document":)" + document + R"(,"samples":[)" + json_ + "]}";
    }
    size_t count() const { return count_; }

  private:
    std::string json_;
    size_t count_ = 0;
};

ToolResult validate(const std::string& input) {
    return runPythonTool("validate_openapi.py", input, {sharedDataPath("openapi/schema.json")});
}

const std::string kNilUuid = "00000000-0000-0000-0000-000000000000";

// GET /webhooks/deliveries once the newest delivery has left `pending` (its attempt recorded).
HttpResult settledDeliveries(const HttpClient& http) {
    for (int i = 0; i < 200; ++i) {
        auto list = http.get("/api/v1/webhooks/deliveries");
        const auto body = list.json();
        if (num(body["total"]) > 0 && str(body["results"][0], "status") != "pending") return list;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the webhook delivery did not settle");
    return {};
}

}  // namespace

TEST_CASE("the document lists exactly the routes the server serves", "[http][openapi]") {
    auto response = sharedServer().client().get("/openapi.json");
    REQUIRE(response.status == 200);
    CHECK(response.header("content-type") == "application/json");
    const auto document = response.json();
    CHECK(str(document, "openapi") == "3.1.0");

    std::set<std::string> served;
    for (const auto& route : buildServedRoutes()) {
        served.insert(lower(route.method) + " " + tessera::server::openApiPath(route.pathTemplate));
    }
    const std::set<std::string> documented = documentOperations(document);
    std::vector<std::string> missing, extra;
    std::set_difference(served.begin(), served.end(), documented.begin(), documented.end(),
                        std::back_inserter(missing));
    std::set_difference(documented.begin(), documented.end(), served.begin(), served.end(),
                        std::back_inserter(extra));
    INFO("served but not documented: " << missing.size()
                                       << ", documented but not served: " << extra.size());
    CHECK(missing.empty());
    CHECK(extra.empty());
    CHECK(served.size() == documented.size());

    // Every route has its own documentation, and no documentation names a route that is gone.
    const auto built =
        tessera::server::buildOpenApiDocument(buildServedRoutes(), tessera::server::Config{});
    CHECK(built.undocumentedRoutes == std::vector<std::string>{});
    CHECK(built.orphanDocs == std::vector<std::string>{});
}

TEST_CASE("the document carries auth, scopes, limits and enums from the server",
          "[http][openapi]") {
    TestServer server(Env{{"PAGINATION_LIMIT_MAX", "77"}, {"PAGINATION_LIMIT_DEFAULT", "7"}});
    const auto document = server.client().get("/openapi.json").json();
    const auto& schemes = document["components"]["securitySchemes"];
    CHECK(str(schemes["bearerAuth"], "scheme") == "bearer");
    CHECK(str(schemes["apiKeyHeader"], "name") == "X-API-Key");
    CHECK(str(schemes["sessionCookie"], "in") == "cookie");

    const auto& publish = operationOf(document, "/api/v1/assets/{asset_id}/contracts", "post");
    CHECK(str(publish, "x-tessera-auth") == "write");
    CHECK(str(publish, "x-tessera-rate-limit-bucket") == "write");
    CHECK(strings(publish["security"][0]["bearerAuth"]) == std::vector<std::string>{"write"});
    CHECK(publish["responses"].HasMember("401"));
    CHECK(publish["responses"].HasMember("403"));
    CHECK(publish["responses"].HasMember("409"));
    CHECK(publish["requestBody"]["content"]["application/json"].HasMember("example"));
    CHECK(publish["tags"][0].GetString() == std::string("Contracts"));

    const auto& health = operationOf(document, "/health", "get");
    CHECK(health["security"].Empty());
    CHECK_FALSE(health["responses"].HasMember("401"));

    // The configured page limits, not the defaults.
    const auto& teams = operationOf(document, "/api/v1/teams", "get");
    const rapidjson::Value* limit = queryParameter(teams, "limit");
    REQUIRE(limit);
    CHECK(num((*limit)["schema"]["maximum"]) == 77);
    CHECK(num((*limit)["schema"]["default"]) == 7);
    CHECK(num((*limit)["schema"]["minimum"]) == 1);

    // The validator's enum list.
    const rapidjson::Value* status =
        queryParameter(operationOf(document, "/api/v1/proposals", "get"), "status");
    REQUIRE(status);
    CHECK(strings((*status)["schema"]["enum"]) == tessera::core::kProposalStatuses);
    const auto codes = strings(document["components"]["schemas"]["ErrorEnvelope"]["properties"]
                                       ["error"]["properties"]["code"]["enum"]);
    CHECK(std::find(codes.begin(), codes.end(), "PROPOSAL_NOT_FOUND") != codes.end());
    CHECK(std::find(codes.begin(), codes.end(), "DOCS_UNAVAILABLE") != codes.end());
}

TEST_CASE("GET /openapi.json is public, read-only and cacheable", "[http][openapi]") {
    SecuredServer secured;
    const auto& http = secured.http();
    auto first = http.get("/openapi.json");  // no credentials
    REQUIRE(first.status == 200);
    const std::string etag = first.header("etag");
    CHECK(etag.size() > 2);
    CHECK(etag.front() == '"');
    CHECK(first.header("cache-control") == "public, no-cache");
    CHECK(http.get("/openapi.json").body == first.body);  // stable: the ETag means something

    auto again = http.get("/openapi.json", {{"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("etag") == etag);
    CHECK(http.get("/openapi.json", {{"If-None-Match", "\"other\""}}).status == 200);
    // The weak form a gzipped answer carries revalidates too.
    CHECK(http.get("/openapi.json", {{"If-None-Match", "W/" + etag}}).status == 304);

    CHECK(http.post("/openapi.json", "{}").status == 405);
    CHECK(http.del("/openapi.json").status == 405);
}

TEST_CASE("the document validates against the official OpenAPI 3.1 schema", "[http][openapi]") {
    const std::string document = sharedServer().client().get("/openapi.json").body;
    const ToolResult result = validate(Samples().input(document));
    INFO(result.errors);
    CHECK(result.status == 0);
    CHECK(result.output == "ok 0\n");

    // The checker is not a rubber stamp: a broken document and a wrong sample are refused.
    std::string broken = document;
    broken.replace(broken.find("\"3.1.0\""), 7, "\"3.0.3\"");
    CHECK(validate(Samples().input(broken)).status == 1);
    Samples wrong;
    HttpResult fake;
    fake.status = 200;
    fake.body = R"({"status":42})";
    wrong.add("GET", "/health", fake);
    const ToolResult refused = validate(wrong.input(document));
    CHECK(refused.status == 1);
    CHECK(refused.errors.find("GET /health 200") != std::string::npos);
}

TEST_CASE("real responses validate against the schemas the document declares", "[http][openapi]") {
    TestServer server;
    const auto& http = server.client();
    Samples samples;
    const auto sample = [&](const auto&... args) { return samples.add(args...); };

    sample("GET", "/health", http.get("/health"));
    sample("GET", "/health/ready", http.get("/health/ready"));
    sample("POST", "/api/v1/schemas/validate",
           http.post("/api/v1/schemas/validate", R"({"type":"object"})"));

    // Teams and assets.
    auto producerTeam = sample("POST", "/api/v1/teams",
                               http.post("/api/v1/teams", R"({"name":"openapi-producer"})"));
    REQUIRE(producerTeam.status == 201);
    const std::string producer = str(producerTeam.json(), "id");
    const std::string consumer = createTeamNamed(http, "openapi-consumer");
    sample("GET", "/api/v1/teams", http.get("/api/v1/teams"));
    sample("GET", "/api/v1/teams/{team_id}", http.get("/api/v1/teams/" + producer));
    sample("GET", "/api/v1/teams/{team_id}",
           http.get("/api/v1/teams/00000000-0000-0000-0000-000000000000"));          // 404
    sample("GET", "/api/v1/teams/{team_id}", http.get("/api/v1/teams/not-a-uuid"));  // 422
    auto createdAsset =
        sample("POST", "/api/v1/assets", postAsset(http, producer, uniqueFqn("openapi")));
    REQUIRE(createdAsset.status == 201);
    const std::string asset = str(createdAsset.json(), "id");
    const std::string downstream = createTestAsset(http, consumer);
    sample("GET", "/api/v1/assets/{asset_id}", http.get("/api/v1/assets/" + asset));
    sample("GET", "/api/v1/assets", http.get("/api/v1/assets"));

    // publish → proposal → acknowledge → publish.
    const std::string v1 = objectSchema(R"("id":{"type":"integer"},"email":{"type":"string"})");
    auto first =
        sample("POST", "/api/v1/assets/{asset_id}/contracts", publish(http, asset, producer, v1));
    REQUIRE(first.status == 201);
    const std::string contract = str(first.json()["contract"], "id");
    auto registration = sample("POST", "/api/v1/registrations",
                               http.post("/api/v1/registrations?contract_id=" + contract,
                                         R"({"consumer_team_id":")" + consumer + R"("})"));
    REQUIRE(registration.status == 201);
    sample("GET", "/api/v1/assets/{asset_id}/contracts",
           http.get("/api/v1/assets/" + asset + "/contracts"));
    sample("POST", "/api/v1/assets/{asset_id}/contracts",
           publish(http, asset, producer, objectSchema(R"("id":{"type":"integer"})"), "",
                   "&dry_run=true"));
    auto breaking =
        sample("POST", "/api/v1/assets/{asset_id}/contracts",
               publish(http, asset, producer, objectSchema(R"("id":{"type":"integer"})")));
    REQUIRE(breaking.status == 201);
    REQUIRE(str(breaking.json(), "action") == "proposal_created");
    const std::string proposal = str(breaking.json()["proposal"], "id");
    sample("GET", "/api/v1/proposals/{proposal_id}", http.get("/api/v1/proposals/" + proposal));
    sample("GET", "/api/v1/proposals", http.get("/api/v1/proposals"));
    sample("GET", "/api/v1/proposals/{proposal_id}/status",
           http.get("/api/v1/proposals/" + proposal + "/status"));
    sample("GET", "/api/v1/contracts/{contract_id}", http.get("/api/v1/contracts/" + contract));
    sample("GET", "/api/v1/contracts", http.get("/api/v1/contracts"));
    auto ack = sample("POST", "/api/v1/proposals/{proposal_id}/acknowledge",
                      http.post("/api/v1/proposals/" + proposal + "/acknowledge",
                                R"({"consumer_team_id":")" + consumer +
                                    R"(","response":"approved","notes":"fine"})"));
    REQUIRE(ack.status == 201);
    sample("POST", "/api/v1/proposals/{proposal_id}/acknowledge",
           http.post("/api/v1/proposals/" + proposal + "/acknowledge",
                     R"({"consumer_team_id":")" + consumer + R"(","response":"approved"})"));
    auto published =
        sample("POST", "/api/v1/proposals/{proposal_id}/publish",
               http.post("/api/v1/proposals/" + proposal + "/publish",
                         R"({"version":"2.0.0","published_by":")" + producer + R"("})"));
    REQUIRE(published.status == 200);
    sample("GET", "/api/v1/proposals/{proposal_id}/status",
           http.get("/api/v1/proposals/" + proposal + "/status"));

    // Blast radius.
    dependsOn(http, downstream, asset);
    auto radius = sample("GET", "/api/v1/assets/{asset_id}/blast-radius",
                         http.get("/api/v1/assets/" + asset + "/blast-radius"));
    REQUIRE(radius.status == 200);
    sample("GET", "/api/v1/assets/{asset_id}/blast-radius",
           http.get("/api/v1/assets/" + asset + "/blast-radius?view=summary"));
    sample("GET", "/api/v1/assets/{asset_id}/blast-radius",
           http.get("/api/v1/assets/" + asset + "/blast-radius",
                    {{"If-None-Match", radius.header("etag")}}));
    sample("GET", "/api/v1/assets/{asset_id}/dependencies",
           http.get("/api/v1/assets/" + downstream + "/dependencies"));

    // The dbt previews of a one-model manifest, then its upload.
    const std::string manifest =
        R"({"manifest":{"nodes":{"model.p.m":{"resource_type":"model","database":"wh",)"
        R"("schema":"s)" +
        producer.substr(0, 8) +
        R"(","name":"m","columns":{"id":{"data_type":"bigint"}}}}},)"
        R"("owner_team_id":")" +
        producer + "\"}";
    REQUIRE(sample("POST", "/api/v1/sync/dbt/diff", http.post("/api/v1/sync/dbt/diff", manifest))
                .status == 200);
    REQUIRE(
        sample("POST", "/api/v1/sync/dbt/impact", http.post("/api/v1/sync/dbt/impact", manifest))
            .status == 200);
    REQUIRE(
        sample("POST", "/api/v1/sync/dbt/upload", http.post("/api/v1/sync/dbt/upload", manifest))
            .status == 200);

    // An audit run reported, then the asset's audit history and trends.
    auto audit = sample("POST", "/api/v1/assets/{asset_id}/audit-results",
                        http.post("/api/v1/assets/" + asset + "/audit-results",
                                  R"({"status":"passed","triggered_by":"manual",)"
                                  R"("guarantee_results":[{"guarantee_id":"g1","passed":true}]})"));
    REQUIRE(audit.status == 200);
    sample("GET", "/api/v1/assets/{asset_id}/audit-history",
           http.get("/api/v1/assets/" + asset + "/audit-history"));
    sample("GET", "/api/v1/assets/{asset_id}/audit-trends",
           http.get("/api/v1/assets/" + asset + "/audit-trends"));

    // Impact of a breaking schema, history, diff and both forms of compare.
    auto impact = sample("POST", "/api/v1/assets/{asset_id}/impact",
                         http.post("/api/v1/assets/" + asset + "/impact",
                                   objectSchema(R"("email":{"type":"string"})")));
    REQUIRE(impact.status == 200);
    REQUIRE_FALSE(impact.json()["safe_to_publish"].GetBool());
    auto history = sample("GET", "/api/v1/assets/{asset_id}/contracts/history",
                          http.get("/api/v1/assets/" + asset + "/contracts/history"));
    REQUIRE(history.status == 200);
    const rapidjson::Document historyJson = history.json();
    const auto& versions = historyJson["contracts"];
    REQUIRE(versions.Size() == 2);
    auto diff = sample("GET", "/api/v1/assets/{asset_id}/contracts/diff",
                       http.get("/api/v1/assets/" + asset +
                                "/contracts/diff?from_version=" + str(versions[1], "version") +
                                "&to_version=" + str(versions[0], "version")));
    REQUIRE(diff.status == 200);
    auto compared =
        sample("POST", "/api/v1/contracts/compare",
               http.post("/api/v1/contracts/compare",
                         R"({"contract_id_1":")" + str(versions[1], "id") +
                             R"(","contract_id_2":")" + str(versions[0], "id") + R"("})"));
    REQUIRE(compared.status == 200);
    sample("POST", "/api/v1/contracts/compare",
           http.post("/api/v1/contracts/compare",
                     R"({"old_schema":)" + v1 + R"(,"new_schema":{"type":"object"}})"));
    sample("GET", "/api/v1/registrations/{registration_id}",
           http.get("/api/v1/registrations/" + str(registration.json(), "id")));

    // Marquez's lineage graph of a job and of a dataset it writes (with schema fields).
    REQUIRE(http.post("/api/v1/lineage",
                      R"({"eventType":"COMPLETE","eventTime":"2024-01-02T03:04:05Z",)"
                      R"("producer":"p","schemaURL":"s","run":{"runId":"r1"},)"
                      R"("job":{"namespace":"openapi","name":"load"},)"
                      R"("inputs":[{"namespace":"db","name":"raw.orders"}],)"
                      R"("outputs":[{"namespace":"db","name":"mart.orders","facets":{"schema":)"
                      R"({"fields":[{"name":"id","type":"INTEGER"}]}}}]})")
                .status == 201);
    REQUIRE(sample("GET", "/api/v1/lineage", http.get("/api/v1/lineage?nodeId=job:openapi:load"))
                .status == 200);
    REQUIRE(sample("GET", "/api/v1/lineage",
                   http.get("/api/v1/lineage?nodeId=dataset:db:mart.orders&depth=2"))
                .status == 200);
    REQUIRE(sample("GET", "/api/v1/lineage", http.get("/api/v1/lineage?nodeId=dataset:db:none"))
                .status == 404);

    const ToolResult result = validate(samples.input(http.get("/openapi.json").body));
    INFO(result.errors);
    CHECK(result.status == 0);
    CHECK(result.output == "ok " + std::to_string(samples.count()) + "\n");
}

// The operations of teams, assets, lineage, the audit log, webhooks and sync whose answers the
// main flow above does not reach: a real answer of each validates against its declared schema.
TEST_CASE("admin, lineage, audit, webhook and sync responses validate against the document",
          "[http][openapi]") {
    WebhookReceiver hooks;
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("tessera-openapi-" + uniqueSuffix());
    TestServer server({{"WEBHOOK_URL", hooks.url()},
                       {"WEBHOOK_RETRY_DELAYS", "0.1,0.1"},
                       {"GIT_SYNC_PATH", dir.string()}});
    const auto& http = server.client();
    Samples samples;
    const auto sample = [&](const auto&... args) { return samples.add(args...); };

    // Lineage one level each way, with a consumer team registered on the contract.
    const std::string producer = createTeamNamed(http, "openapi-lineage-producer");
    const std::string consumer = createTeamNamed(http, "openapi-lineage-consumer");
    const std::string upstream = createTestAsset(http, producer);
    const std::string asset = createTestAsset(http, producer);
    const std::string downstream = createTestAsset(http, consumer);
    dependsOn(http, asset, upstream);
    dependsOn(http, downstream, asset);
    const std::string contract =
        publishContract(http, asset, producer,
                        objectSchema(R"("id":{"type":"integer"},"email":{"type":"string"})"));
    registerConsumer(http, contract, consumer);
    auto lineage = sample("GET", "/api/v1/assets/{asset_id}/lineage",
                          http.get("/api/v1/assets/" + asset + "/lineage"));
    REQUIRE(lineage.status == 200);
    const auto lineageJson = lineage.json();
    REQUIRE(lineageJson["upstream"].Size() == 1);
    REQUIRE(lineageJson["downstream"].Size() == 1);
    REQUIRE(lineageJson["downstream_assets"].Size() == 1);
    sample("GET", "/api/v1/assets/{asset_id}/lineage",
           http.get("/api/v1/assets/" + kNilUuid + "/lineage"));  // 404

    // A breaking publish: a proposal, its audit event and its webhook delivery.
    auto breaking = publish(http, asset, producer, objectSchema(R"("id":{"type":"integer"})"));
    REQUIRE(str(breaking.json(), "action") == "proposal_created");
    const std::string proposal = str(breaking.json()["proposal"], "id");
    auto events = sample("GET", "/api/v1/audit/events",
                         http.get("/api/v1/audit/events?entity_type=proposal"));
    REQUIRE(events.status == 200);
    const auto eventsJson = events.json();
    REQUIRE(num(eventsJson["total"]) == 1);
    sample("GET", "/api/v1/audit/events/{event_id}",
           http.get("/api/v1/audit/events/" + str(eventsJson["results"][0], "id")));
    sample("GET", "/api/v1/audit/events/{event_id}",
           http.get("/api/v1/audit/events/" + kNilUuid));  // 404
    sample("GET", "/api/v1/audit/entities/{entity_type}/{entity_id}/history",
           http.get("/api/v1/audit/entities/proposal/" + proposal + "/history"));
    REQUIRE(hooks.waitFor(1));
    auto deliveries = sample("GET", "/api/v1/webhooks/deliveries", settledDeliveries(http));
    const auto deliveriesJson = deliveries.json();
    REQUIRE(str(deliveriesJson["results"][0], "status") == "delivered");
    sample("GET", "/api/v1/webhooks/deliveries/{delivery_id}",
           http.get("/api/v1/webhooks/deliveries/" + str(deliveriesJson["results"][0], "id")));
    sample("GET", "/api/v1/webhooks/deliveries/{delivery_id}",
           http.get("/api/v1/webhooks/deliveries/" + kNilUuid));  // 404

    // Bulk-assign: an owner (one id unknown), no owner, an owner that does not exist.
    const std::string user = insertUser(server, producer, "Openapi Owner");
    const auto bulkAssign = [&](const std::string& ownerJson) {
        return sample("POST", "/api/v1/assets/bulk-assign",
                      http.post("/api/v1/assets/bulk-assign",
                                R"({"asset_ids":[")" + asset + R"(",")" + kNilUuid +
                                    R"("],"owner_user_id":)" + ownerJson + "}"));
    };
    auto assigned = bulkAssign("\"" + user + "\"");
    REQUIRE(assigned.status == 200);
    REQUIRE(assigned.json()["not_found"].Size() == 1);
    REQUIRE(bulkAssign("null").status == 200);
    REQUIRE(bulkAssign("\"" + kNilUuid + "\"").status == 404);

    // Reassign one asset, then one the source does not own (nothing moves: no `asset_ids`).
    const std::string target = createTeamNamed(http, "openapi-reassign-target");
    const auto reassign = [&](const std::string& assetId) {
        return sample("POST", "/api/v1/teams/{team_id}/reassign-assets",
                      http.post("/api/v1/teams/" + producer + "/reassign-assets",
                                R"({"target_team_id":")" + target + R"(","asset_ids":[")" +
                                    assetId + R"("]})"));
    };
    auto moved = reassign(upstream);
    REQUIRE(moved.status == 200);
    REQUIRE(num(moved.json()["reassigned"]) == 1);
    auto none = reassign(downstream);
    REQUIRE(none.status == 200);
    CHECK_FALSE(none.json().HasMember("asset_ids"));

    // Git sync out and back in, then a dbt manifest file on the server.
    REQUIRE(sample("POST", "/api/v1/sync/push", http.post("/api/v1/sync/push")).status == 200);
    REQUIRE(sample("POST", "/api/v1/sync/pull", http.post("/api/v1/sync/pull")).status == 200);
    const std::string manifestPath = (dir / "manifest.json").string();
    std::ofstream(manifestPath)
        << R"({"nodes":{"model.p.m":{"resource_type":"model","database":"wh","schema":"openapi",)"
           R"("name":"m","columns":{"id":{"data_type":"bigint"}}}}})";
    const std::string dbt = "/api/v1/sync/dbt?owner_team_id=" + producer + "&manifest_path=";
    REQUIRE(sample("POST", "/api/v1/sync/dbt", http.post(dbt + manifestPath)).status == 200);
    sample("POST", "/api/v1/sync/dbt", http.post(dbt + (dir / "none.json").string()));  // 404

    const ToolResult result = validate(samples.input(http.get("/openapi.json").body));
    INFO(result.errors);
    CHECK(result.status == 0);
    CHECK(result.output == "ok " + std::to_string(samples.count()) + "\n");
    std::filesystem::remove_all(dir);
}

TEST_CASE("the error responses the document declares are the real ones", "[http][openapi]") {
    SecuredServer secured({{"RATE_LIMIT_ENABLED", "true"}, {"RATE_LIMIT_READ", "1/minute"}});
    const auto& http = secured.http();
    const std::string team = secured.createTeam("openapi-errors");
    const std::string reader = secured.createKey(team, R"(["read"])");
    Samples samples;
    samples.add("GET", "/api/v1/teams", http.get("/api/v1/teams"));  // 401
    samples.add("POST", "/api/v1/assets",
                http.post("/api/v1/assets", "{}", bearer(reader)));                  // 403
    samples.add("GET", "/api/v1/teams", http.get("/api/v1/teams", bearer(reader)));  // 200
    samples.add("GET", "/api/v1/teams", http.get("/api/v1/teams", bearer(reader)));  // 429
    // Keys and users, which only an authenticated server shows as they are.
    const Headers admin = bearer(kBootstrapKey);
    samples.add("POST", "/api/v1/api-keys",
                http.post("/api/v1/api-keys",
                          R"({"name":"ci","team_id":")" + team + R"(","scopes":["read"]})", admin));
    samples.add("GET", "/api/v1/api-keys", http.get("/api/v1/api-keys", admin));
    auto user =
        http.post("/api/v1/users",
                  R"({"email":"ada@example.com","name":"Ada","team_id":")" + team + "\"}", admin);
    samples.add("POST", "/api/v1/users", user);
    samples.add("GET", "/api/v1/users/{user_id}",
                http.get("/api/v1/users/" + str(user.json(), "id"), admin));
    samples.add("GET", "/api/v1/users", http.get("/api/v1/users", admin));
    const ToolResult result = validate(samples.input(http.get("/openapi.json").body));
    INFO(result.errors);
    CHECK(result.status == 0);
    CHECK(result.output == "ok " + std::to_string(samples.count()) + "\n");
}

// Every route, called by an admin with the nil UUID for each path parameter and `{}` for a JSON
// body (as the auth matrix calls them): whatever it answers is declared, with that shape.
TEST_CASE("every route's answer is declared in the document", "[http][openapi]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string team = secured.createTeam("openapi-every-route");
    const Headers admin = bearer(secured.createKey(team, R"(["admin"])"));
    Samples samples;
    for (const auto& route : buildServedRoutes()) {
        std::string path;
        for (size_t i = 0; i < route.pathTemplate.size(); ++i) {
            if (route.pathTemplate[i] != '{') {
                path += route.pathTemplate[i];
                continue;
            }
            const size_t close = route.pathTemplate.find('}', i);
            const std::string name = route.pathTemplate.substr(i + 1, close - i - 1);
            path += name == "entity_type" ? "team" : "00000000-0000-0000-0000-000000000000";
            i = close;
        }
        Headers headers = admin;
        const bool json = route.body == tessera::server::BodyKind::Json;
        if (json) headers["Content-Type"] = "application/json";
        samples.add(route.method, tessera::server::openApiPath(route.pathTemplate),
                    http.request(route.method, path, json ? "{}" : "", headers));
    }
    const ToolResult result = validate(samples.input(http.get("/openapi.json").body));
    INFO(result.errors);
    CHECK(result.status == 0);
    CHECK(result.output == "ok " + std::to_string(samples.count()) + "\n");
}
