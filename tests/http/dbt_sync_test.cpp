// The dbt syncs that write, over HTTP against Postgres (spec 04 §4.5–§4.6, §4.9; issue 15):
// the worked example byte for byte, the conflict modes (409 writes nothing), the lineage edges
// from depends_on (created, kept, removed only where a sync made them), POST /sync/dbt from a
// file, and every real manifest of ../shared/data/dbt.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/shared_data.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// Every "@" of `text` replaced by `suffix`: names and schemas no other test uses; and
// "<finance>" by that team's id.
std::string withSuffix(std::string text, const std::string& suffix,
                       const std::string& finance = "") {
    text = std::regex_replace(text, std::regex("<finance>"), finance);
    return std::regex_replace(text, std::regex("@"), suffix);
}

// Spec 04 §4.9's manifest M; `amount` can be left out (the follow-up).
std::string workedExample(bool withAmount) {
    return std::string(R"j({"nodes": {
  "model.shop.orders": {"resource_type": "model", "database": "ANALYTICS", "schema": "Marts@", "name": "orders",
    "description": "One row per order", "tags": ["finance"], "fqn": ["shop","marts","orders"], "path": "marts/orders.sql",
    "depends_on": {"nodes": ["source.shop.raw.orders"]},
    "meta": {"tessera": {"owner_team": "Data-Platform-@", "consumers": [{"team": "finance-@"}],
                         "freshness": {"max_staleness_minutes": 60}, "compatibility_mode": "full"}},
    "columns": {"order_id": {"description": "PK", "data_type": "BIGINT"},
                "status": {"data_type": "varchar(20)"},)j") +
           (withAmount ? R"j("amount": {"description": "", "data_type": "numeric(18,2)"},)j" : "") +
           R"j("placed_at": {"data_type": "timestamp_ntz"},
                "attrs": {"data_type": "variant"},
                "note": {}}},
  "test.shop.not_null_orders_order_id.a1": {"resource_type": "test", "depends_on": {"nodes": ["model.shop.orders"]},
    "test_metadata": {"name": "not_null", "kwargs": {"column_name": "order_id"}}},
  "test.shop.accepted_values_orders_status.b2": {"resource_type": "test", "depends_on": {"nodes": ["model.shop.orders"]},
    "test_metadata": {"name": "accepted_values", "kwargs": {"column_name": "status", "values": ["placed","shipped"]}}},
  "test.shop.unique_orders_order_id.c3": {"resource_type": "test", "depends_on": {"nodes": ["model.shop.orders"]},
    "test_metadata": {"name": "unique", "kwargs": {"column_name": "order_id"}}},
  "test.shop.expr_orders.d4": {"resource_type": "test", "depends_on": {"nodes": ["model.shop.orders"]},
    "test_metadata": {"name": "expression_is_true", "namespace": "dbt_utils", "kwargs": {"expression": "amount >= 0"}}},
  "test.shop.assert_amount_positive": {"resource_type": "test", "depends_on": {"nodes": ["model.shop.orders"]},
    "description": "Amounts are never negative", "raw_code": "select * from {{ ref('orders') }} where amount < 0"}},
 "sources": {
  "source.shop.raw.orders": {"database": "RAW", "schema": "shop@", "name": "orders", "description": "Raw orders",
    "columns": {"id": {"data_type": "integer"}}}}})j";
}

const char* kGuarantees =
    R"({"nullability":{"order_id":"never"},"accepted_values":{"status":["placed","shipped"]},)"
    R"("custom":[{"type":"unique","column":"order_id","config":{"column_name":"order_id"}},)"
    R"({"type":"dbt_utils.expression_is_true","column":null,"config":{"expression":"amount >= 0"}},)"
    R"({"type":"singular","name":"assert_amount_positive","description":"Amounts are never negative",)"
    R"("sql":"select * from {{ ref('orders') }} where amount < 0"}],)"
    R"("freshness":{"max_staleness_minutes":60}})";

struct Example {
    std::string suffix, platform, finance, orders, source;
};

Example exampleTeams(const HttpClient& http) {
    Example e;
    e.suffix = createTestTeam(http).substr(0, 8);
    e.platform = createTeamNamed(http, "data-platform-" + e.suffix);
    e.finance = createTeamNamed(http, "finance-" + e.suffix);
    e.orders = "analytics.marts" + e.suffix + ".orders";
    e.source = "raw.shop" + e.suffix + ".orders";
    return e;
}

HttpResult upload(const HttpClient& http, const std::string& manifest, const std::string& extra) {
    return http.post("/api/v1/sync/dbt/upload", R"({"manifest":)" + manifest + extra + "}");
}

template <typename... Args>
long long scalar(const std::string& sql, Args&&... args) {
    return countRows(sharedServer(), sql, std::forward<Args>(args)...);
}

std::string scalarText(const std::string& sql, const std::string& arg) {
    pqxx::connection connection(sharedServer().databaseUrl());
    pqxx::nontransaction query(connection);
    return query.exec_params1(sql, arg)[0].as<std::string>();
}

std::string assetIdOf(const std::string& fqn) {
    pqxx::connection connection(sharedServer().databaseUrl());
    pqxx::nontransaction query(connection);
    return query.exec_params1("SELECT id::text FROM core.assets WHERE fqn = $1", fqn)[0]
        .as<std::string>();
}

}  // namespace

TEST_CASE("the worked example of 04 §4.9 uploads, diffs and impacts as the spec says",
          "[http][dbt][sync]") {
    const auto& http = sharedServer().client();
    const Example e = exampleTeams(http);
    const std::string manifest = withSuffix(workedExample(true), e.suffix);
    auto response = upload(http, manifest,
                           R"(,"owner_team_id":")" + e.platform +
                               R"(","auto_publish_contracts":true,"auto_register_consumers":true)");
    REQUIRE(response.status == 200);
    CHECK(
        response.body ==
        R"({"status":"success","conflict_mode":"ignore","assets":{"created":2,"updated":0,"skipped":0},)"
        R"("contracts":{"published":2},"proposals":{"created":0,"details":[]},"registrations":{"created":2},)"
        R"("guarantees_extracted":1,"ownership_warnings":[],"contract_warnings":[],"registration_warnings":[],)"
        R"("dependencies":{"created":1,"removed":0,"unchanged":0}})");

    const std::string ordersMetadata = withSuffix(
        R"j({"dbt_node_id":"model.shop.orders","resource_type":"model","description":"One row per order","tags":["finance"],
 "dbt_fqn":["shop","marts","orders"],"path":"marts/orders.sql","depends_on":["raw.shop@.orders"],
 "columns":{"order_id":{"description":"PK","data_type":"BIGINT"},"status":{"description":"","data_type":"varchar(20)"},
            "amount":{"description":"","data_type":"numeric(18,2)"},"placed_at":{"description":"","data_type":"timestamp_ntz"},
            "attrs":{"description":"","data_type":"variant"},"note":{"description":"","data_type":null}},
 "guarantees":)j" +
            std::string(kGuarantees) + R"j(, "tessera_consumers":[{"team":"finance-@"}]})j",
        e.suffix);
    CHECK(scalar("SELECT count(*) FROM core.assets WHERE fqn = $1 AND metadata = $2::jsonb"
                 " AND owner_team_id = $3::uuid AND environment = 'production'",
                 e.orders, ordersMetadata, e.platform) == 1);
    CHECK(
        scalar(
            "SELECT count(*) FROM core.assets WHERE fqn = $1 AND metadata = $2::jsonb"
            " AND owner_team_id = $3::uuid",
            e.source,
            R"({"dbt_source_id":"source.shop.raw.orders","resource_type":"source",)"
            R"("description":"Raw orders","columns":{"id":{"description":"","data_type":"integer"}}})",
            e.platform) == 1);
    // Contracts 1.0.0: the schema's text as the spec writes it (json keeps key order).
    const char* contractOf =
        "SELECT count(*) FROM core.contracts c JOIN core.assets a ON a.id = c.asset_id"
        " WHERE a.fqn = $1 AND c.version = '1.0.0' AND c.status = 'active'"
        " AND c.compatibility_mode = $2 AND c.published_by = $3::uuid AND c.schema::text = $4";
    CHECK(
        scalar(
            contractOf, e.orders, "full", e.platform,
            R"({"type":"object","properties":{"order_id":{"type":"integer","description":"PK"},)"
            R"("status":{"type":"string"},"amount":{"type":"number"},"placed_at":{"type":"string"},)"
            R"("attrs":{"type":"object"},"note":{"type":"string"}},"required":[]})") == 1);
    CHECK(scalar(std::string(contractOf) + " AND c.guarantees IS NULL", e.source, "backward",
                 e.platform,
                 R"({"type":"object","properties":{"id":{"type":"integer"}},"required":[]})") == 1);
    CHECK(scalar("SELECT count(*) FROM core.contracts c JOIN core.assets a ON a.id = c.asset_id"
                 " WHERE a.fqn = $1 AND c.guarantees = $2::jsonb",
                 e.orders, kGuarantees) == 1);
    const char* registered =
        "SELECT count(*) FROM core.registrations r JOIN core.contracts c ON c.id = r.contract_id"
        " JOIN core.assets a ON a.id = c.asset_id WHERE a.fqn = $1 AND r.consumer_team_id = "
        "$2::uuid"
        " AND r.status = 'active' AND r.pinned_version IS NULL";
    CHECK(scalar(registered, e.source, e.platform) == 1);  // ref inference
    CHECK(scalar(registered, e.orders, e.finance) == 1);   // the meta consumer
    // Beyond the spec: the lineage edge orders → source, made by the sync.
    CHECK(downstreamListing(http, assetIdOf(e.source)) == e.orders + "@1");

    // The follow-up: `amount` removed.
    const std::string changed = withSuffix(workedExample(false), e.suffix);
    auto diff = http.post("/api/v1/sync/dbt/diff", R"({"manifest":)" + changed + "}");
    REQUIRE(diff.status == 200);
    CHECK(
        diff.body ==
        withSuffix(
            R"({"status":"breaking_changes_detected","summary":{"new":0,"modified":2,"unchanged":0,"breaking":1},"blocking":true,)"
            R"("models":[{"fqn":"analytics.marts@.orders","node_id":"model.shop.orders","change_type":"modified","owner_team":"Data-Platform-@",)"
            R"("consumers_declared":1,"consumers_from_refs":0,"has_schema":true,"schema_change_type":"breaking",)"
            R"("breaking_changes":[{"type":"property_removed","path":"properties.amount","message":"Property 'amount' was removed",)"
            R"("old_value":{"type":"number"},"new_value":null}],"downstream_assets":0,)"
            R"("affected_teams":[{"team_id":"<finance>","team_name":"finance-@","assets":0,"has_registrations":true}]},)"
            R"({"fqn":"raw.shop@.orders","node_id":"source.shop.raw.orders","change_type":"modified","owner_team":null,)"
            R"("consumers_declared":0,"consumers_from_refs":1,"has_schema":true,"schema_change_type":"compatible","breaking_changes":[]}],)"
            R"("warnings":[],"meta_errors":[]})",
            e.suffix, e.finance));
    auto impact = http.post("/api/v1/sync/dbt/impact", R"({"owner_team_id":")" + e.platform +
                                                           R"(","manifest":)" + changed + "}");
    REQUIRE(impact.status == 200);
    const auto result = impact.json();
    CHECK(num(result["total_models"]) == 2);
    CHECK(num(result["models_with_contracts"]) == 2);
    CHECK(num(result["breaking_changes_count"]) == 1);
    CHECK(str(result, "status") == "breaking_changes_detected");
    CHECK(str(result["results"][0], "change_type") == "major");
    CHECK(num(result["results"][0]["downstream_assets"]) == 0);
    CHECK(str(result["results"][0]["affected_teams"][0], "team_id") == e.finance);
    CHECK_FALSE(result["results"][1].HasMember("affected_teams"));  // compatible: none
    CHECK_FALSE(result["results"][0]["safe_to_publish"].GetBool());
    CHECK(str(result["results"][1], "change_type") == "patch");
    CHECK(result["results"][1]["safe_to_publish"].GetBool());
}

TEST_CASE("conflict modes: ignore skips, fail is 409 and writes nothing, overwrite proposes",
          "[http][dbt][sync]") {
    const auto& http = sharedServer().client();
    const Example e = exampleTeams(http);
    const std::string manifest = withSuffix(workedExample(true), e.suffix);
    const std::string owner = R"(,"owner_team_id":")" + e.platform + "\"";
    REQUIRE(upload(http, manifest, owner + R"(,"auto_publish_contracts":true)").status == 200);

    auto again = upload(http, manifest, owner);
    REQUIRE(again.status == 200);
    CHECK(keys(again.json()["assets"]) == "created,updated,skipped");
    CHECK(num(again.json()["assets"]["skipped"]) == 2);
    CHECK(num(again.json()["assets"]["created"]) == 0);
    CHECK(again.json()["dependencies"]["unchanged"].GetInt() == 1);

    // fail: a new model beside the two existing ones is not created either.
    const std::string withNew = withSuffix(
        std::regex_replace(
            manifest, std::regex(R"(\{"nodes": \{)"),
            R"({"nodes": {"model.shop.extra": {"resource_type": "model", "database": "ANALYTICS", "schema": "Marts@", "name": "extra"},)"),
        e.suffix);
    const long long eventsBefore = scalar("SELECT count(*) FROM audit.events");
    auto conflict = upload(http, withNew, owner + R"(,"conflict_mode":"fail")");
    REQUIRE(conflict.status == 409);
    CHECK(errorCode(conflict.json()) == "BAD_REQUEST");
    CHECK(errorMessage(conflict.json()) == "Found 2 existing assets");
    const auto conflictBody = conflict.json();
    const auto& conflicts = conflictBody["error"]["details"]["conflicts"];
    REQUIRE(conflicts.Size() == 2);
    CHECK(text(conflicts[0]) == e.orders);
    CHECK(text(conflicts[1]) == e.source);
    CHECK(scalar("SELECT count(*) FROM core.assets WHERE fqn = $1",
                 "analytics.marts" + e.suffix + ".extra") == 0);
    CHECK(scalar("SELECT count(*) FROM audit.events") == eventsBefore);

    auto badMode = upload(http, manifest, owner + R"(,"conflict_mode":"merge")");
    CHECK(badMode.status == 400);
    CHECK(errorCode(badMode.json()) == "BAD_REQUEST");
    CHECK(errorMessage(badMode.json()) ==
          "Invalid conflict_mode: merge. Use 'overwrite', 'ignore', or 'fail'");
    CHECK(upload(http, manifest, R"(,"conflict_mode":3)").status == 422);
    CHECK(upload(http, manifest, R"(,"owner_team_id":"not-a-uuid")").status == 422);
    CHECK(upload(http, manifest, R"(,"auto_publish_contracts":"maybe")").status == 422);
    CHECK(http.post("/api/v1/sync/dbt/upload", R"({"manifest":[]})").status == 422);
    CHECK(http.post("/api/v1/sync/dbt/upload", R"({})").status == 422);

    // overwrite: `amount` removed breaks the full-mode contract: a pending proposal. Its tests
    // now guard `status`, not `order_id`: guarantees the proposal does not keep (03 §8.1, §14).
    const std::string changedTests =
        std::regex_replace(withSuffix(workedExample(false), e.suffix),
                           std::regex(R"("not_null", "kwargs": \{"column_name": "order_id"\})"),
                           R"("not_null", "kwargs": {"column_name": "status"})");
    REQUIRE(changedTests.find(R"("column_name": "status"})") != std::string::npos);
    auto overwrite = upload(http, changedTests,
                            owner + R"(,"conflict_mode":"overwrite","auto_create_proposals":true)");
    REQUIRE(overwrite.status == 200);
    const auto body = overwrite.json();
    CHECK(num(body["assets"]["updated"]) == 2);
    REQUIRE(num(body["proposals"]["created"]) == 1);
    const auto& detail = body["proposals"]["details"][0];
    CHECK(keys(detail) == "proposal_id,asset_id,asset_fqn,change_type,breaking_changes_count");
    CHECK(str(detail, "asset_fqn") == e.orders);
    CHECK(str(detail, "change_type") == "major");
    CHECK(num(detail["breaking_changes_count"]) == 1);
    const std::string proposal = str(detail, "proposal_id");
    CHECK(
        scalar("SELECT count(*) FROM workflow.proposals WHERE id = $1::uuid AND status = 'pending'"
               " AND proposed_by = $2::uuid AND change_type = 'major'",
               proposal, e.platform) == 1);
    CHECK(scalar("SELECT count(*) FROM audit.events WHERE entity_id = $1::uuid"
                 " AND action = 'proposal.created'",
                 proposal) == 1);
    auto fetched = http.get("/api/v1/proposals/" + proposal);
    REQUIRE(fetched.status == 200);
    CHECK(str(fetched.json(), "status") == "pending");
    CHECK_FALSE(fetched.json().HasMember("proposed_guarantees"));
    // The stored change records keep 03 §1.2's key order (they were once stored as jsonb).
    auto status = http.get("/api/v1/proposals/" + proposal + "/status");
    REQUIRE(status.status == 200);
    CHECK(status.body.find(R"("breaking_changes":[{"type":"property_removed","path":)") !=
          std::string::npos);

    // Published, the proposal carries the active contract's guarantees (03 §14).
    const std::string before = scalarText(
        "SELECT c.guarantees::text FROM core.contracts c JOIN core.assets a"
        " ON a.id = c.asset_id WHERE a.fqn = $1 AND c.status = 'active'",
        e.orders);
    REQUIRE(
        http.post("/api/v1/proposals/" + proposal + "/force?actor_id=" + e.platform, "").status ==
        200);
    auto published = http.post("/api/v1/proposals/" + proposal + "/publish",
                               R"({"version":"2.0.0","published_by":")" + e.platform + "\"}");
    REQUIRE(published.status == 200);
    CHECK(scalarText("SELECT c.guarantees::text FROM core.contracts c JOIN core.assets a"
                     " ON a.id = c.asset_id WHERE a.fqn = $1 AND c.status = 'active'"
                     " AND c.version = '2.0.0'",
                     e.orders) == before);
}

TEST_CASE("an FQN that assets of several environments share is a 409 on every dbt endpoint",
          "[http][dbt][sync]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string schema = "envs" + team.substr(0, 8);
    const std::string fqn = "wh." + schema + ".x";
    for (const char* environment : {"production", "staging"}) {
        REQUIRE(http.post("/api/v1/assets", R"({"fqn":")" + fqn + R"(","owner_team_id":")" + team +
                                                R"(","environment":")" + environment + "\"}")
                    .status == 201);
    }
    const std::string manifest =
        R"({"nodes":{"model.p.x":{"resource_type":"model","database":"wh","schema":")" + schema +
        R"(","name":"x","columns":{"a":{"data_type":"int"}}}}})";
    const long long eventsBefore = scalar("SELECT count(*) FROM audit.events");
    const std::string owner = R"(,"owner_team_id":")" + team + "\"";
    for (const auto& [path, extra] : std::vector<std::pair<std::string, std::string>>{
             {"/api/v1/sync/dbt/upload", owner + R"(,"conflict_mode":"overwrite")"},
             {"/api/v1/sync/dbt/impact", owner},
             {"/api/v1/sync/dbt/diff", ""}}) {
        auto refused = http.post(path, R"({"manifest":)" + manifest + extra + "}");
        CHECK(refused.status == 409);
        CHECK(errorCode(refused.json()) == "DUPLICATE_ASSET");
        CHECK(errorMessage(refused.json()) == "Assets in several environments have the FQN '" +
                                                  fqn + "': dbt sync matches assets by FQN alone");
    }
    CHECK(scalar("SELECT count(*) FROM core.assets WHERE fqn = $1 AND metadata = '{}'::jsonb",
                 fqn) == 2);
    CHECK(scalar("SELECT count(*) FROM audit.events") == eventsBefore);

    // A source declared over a seed's table names one asset twice in a manifest: not a
    // collision, however often it is uploaded.
    const std::string seeded =
        R"({"nodes":{"seed.p.raw":{"resource_type":"seed","database":"wh","schema":")" + schema +
        R"(","name":"raw","columns":{"a":{"data_type":"int"}}}},"sources":{"source.p.s.raw":)"
        R"({"database":"wh","schema":")" +
        schema + R"(","name":"raw"}}})";
    for (int round = 0; round < 2; ++round) {
        INFO("round " << round);
        auto again = http.post("/api/v1/sync/dbt/upload", R"({"manifest":)" + seeded + owner +
                                                              R"(,"conflict_mode":"overwrite"})");
        CHECK(again.status == 200);
        CHECK(http.post("/api/v1/sync/dbt/diff", R"({"manifest":)" + seeded + "}").status == 200);
    }
    CHECK(scalar("SELECT count(*) FROM core.assets WHERE fqn = $1", "wh." + schema + ".raw") == 1);
}

TEST_CASE("lineage from depends_on: right depths, stale sync edges removed, hand-made kept",
          "[http][dbt][sync][lineage]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string s = "l" + team.substr(0, 8);
    // raw (source) ← a ← b ← c, and c also reads raw directly.
    const auto node = [&](const std::string& name, const std::string& parents) {
        return R"("model.p.)" + name + R"(":{"resource_type":"model","database":"wh","schema":")" +
               s + R"(","name":")" + name + R"(","depends_on":{"nodes":[)" + parents + "]}}";
    };
    const std::string source =
        R"("sources":{"source.p.raw":{"database":"wh","schema":")" + s + R"(","name":"raw"}})";
    const std::string full = R"({"metadata":{"project_name":"lineage_)" + s + R"("},"nodes":{)" +
                             node("a", R"("source.p.raw")") + "," +
                             node("b", R"("model.p.a","model.p.a")") + "," +
                             node("c", R"("model.p.b","source.p.raw")") + "}," + source + "}";
    const std::string owner = R"(,"owner_team_id":")" + team + "\"";
    auto first = upload(http, full, owner);
    REQUIRE(first.status == 200);
    CHECK(first.json()["dependencies"]["created"].GetInt() == 4);  // a-raw, b-a (once), c-b, c-raw
    const std::string raw = assetIdOf("wh." + s + ".raw");
    const std::string fqn = "wh." + s + ".";
    CHECK(downstreamListing(http, raw) == fqn + "a@1 " + fqn + "c@1 " + fqn + "b@2");

    // CI's view: a breaking change to the source names what it reaches two and three hops away.
    publishContract(http, raw, team, objectSchema(R"("id":{"type":"integer"})"));
    const std::string breakingSource =
        std::regex_replace(full, std::regex(R"("name":"raw"\})"),
                           R"("name":"raw","columns":{"other":{"data_type":"text"}}})");
    auto diff = http.post("/api/v1/sync/dbt/diff", R"({"manifest":)" + breakingSource + "}");
    REQUIRE(diff.status == 200);
    const auto models = diff.json();
    const auto& rawModel = models["models"][3];
    REQUIRE(str(rawModel, "schema_change_type") == "breaking");
    CHECK(num(rawModel["downstream_assets"]) == 3);
    REQUIRE(rawModel["affected_teams"].Size() == 1);
    CHECK(str(rawModel["affected_teams"][0], "team_id") == team);
    CHECK(num(rawModel["affected_teams"][0]["assets"]) == 3);
    CHECK_FALSE(rawModel["affected_teams"][0]["has_registrations"].GetBool());

    // A hand-made edge from c is never the sync's to remove.
    auto otherAsset = postAsset(http, team, "wh." + s + ".other");
    REQUIRE(otherAsset.status == 201);
    const std::string other = str(otherAsset.json(), "id");
    dependsOn(http, assetIdOf(fqn + "c"), other);

    // c leaves the manifest: its sync edges go, the hand-made one stays.
    const std::string without = R"({"metadata":{"project_name":"lineage_)" + s + R"("},"nodes":{)" +
                                node("a", R"("source.p.raw")") + "," + node("b", R"("model.p.a")") +
                                "}," + source + "}";
    auto second = upload(http, without, owner);
    REQUIRE(second.status == 200);
    CHECK(second.body.find(R"("dependencies":{"created":0,"removed":2,"unchanged":2}})") !=
          std::string::npos);
    CHECK(downstreamListing(http, raw) == fqn + "a@1 " + fqn + "b@2");
    CHECK(downstreamListing(http, other) == fqn + "c@1");
    CHECK(scalar("SELECT count(*) FROM audit.events WHERE action = 'dependency.deleted'"
                 " AND payload->>'dependent_asset_id' = $1",
                 assetIdOf(fqn + "c")) == 2);
    // The same manifest again changes nothing.
    auto third = upload(http, without, owner);
    CHECK(third.body.find(R"("dependencies":{"created":0,"removed":0,"unchanged":2}})") !=
          std::string::npos);
}

TEST_CASE("POST /sync/dbt reads a manifest file on the server", "[http][dbt][sync]") {
    const auto& http = sharedServer().client();
    const Example e = exampleTeams(http);
    const std::string dir =
        (std::filesystem::temp_directory_path() / ("tessera-dbt-" + e.suffix)).string();
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/manifest.json";
    std::ofstream(path) << withSuffix(workedExample(true), e.suffix);
    const std::string query = "?owner_team_id=" + e.platform + "&manifest_path=";

    auto synced = http.post("/api/v1/sync/dbt" + query + path, "");
    REQUIRE(synced.status == 200);
    CHECK(synced.body == R"({"status":"success","manifest":")" + path +
                             R"(","assets":{"created":2,"updated":0},"guarantees_extracted":1,)"
                             R"("dependencies":{"created":1,"removed":0,"unchanged":0}})");
    CHECK(
        scalar(
            "SELECT count(*) FROM core.assets WHERE fqn = $1 AND metadata = $2::jsonb", e.source,
            R"({"dbt_source_id":"source.shop.raw.orders","resource_type":"source",)"
            R"("description":"Raw orders","columns":{"id":{"description":"","data_type":"integer"}}})") ==
        1);
    CHECK(scalar("SELECT count(*) FROM core.contracts c JOIN core.assets a ON a.id = c.asset_id"
                 " WHERE a.fqn = $1",
                 e.orders) == 0);  // no contracts from this route
    auto again = http.post("/api/v1/sync/dbt" + query + path, "");
    CHECK(again.json()["assets"]["updated"].GetInt() == 2);

    auto missing = http.post("/api/v1/sync/dbt" + query + dir + "/nope.json", "");
    CHECK(missing.status == 404);
    CHECK(errorCode(missing.json()) == "MANIFEST_NOT_FOUND");
    CHECK(errorMessage(missing.json()) == "Manifest not found: " + dir + "/nope.json");
    CHECK(http.post("/api/v1/sync/dbt" + query + dir, "").status == 404);  // a directory
    std::ofstream(dir + "/broken.json") << "{\"nodes\": ";
    auto broken = http.post("/api/v1/sync/dbt" + query + dir + "/broken.json", "");
    CHECK(broken.status == 422);
    CHECK(http.post("/api/v1/sync/dbt?manifest_path=" + path, "").status == 422);
    CHECK(http.post("/api/v1/sync/dbt?owner_team_id=x&manifest_path=" + path, "").status == 422);
    CHECK(http.post("/api/v1/sync/dbt?owner_team_id=" + e.platform, "").status == 422);
    // New assets need an existing owner team.
    std::ofstream(dir + "/fresh.json")
        << R"({"nodes":{"model.x.y":{"resource_type":"model","schema":"fresh)" + e.suffix +
               R"(","name":"y"}}})";
    auto noTeam = http.post(
        "/api/v1/sync/dbt?owner_team_id=00000000-0000-4000-8000-000000000000"
        "&manifest_path=" +
            dir + "/fresh.json",
        "");
    CHECK(noTeam.status == 404);
    CHECK(errorCode(noTeam.json()) == "TEAM_NOT_FOUND");
    std::filesystem::remove_all(dir);
}

TEST_CASE("every real manifest uploads with 200 and counts that match it", "[http][dbt][sync]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string owner = R"(,"owner_team_id":")" + team + "\"";
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(sharedDataPath("dbt"))) {
        if (entry.path().extension() == ".json" &&
            entry.path().filename().string().rfind("manifest", 0) == 0) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 6);
    for (const std::string& file : files) {
        INFO(file);
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        auto impact =
            http.post("/api/v1/sync/dbt/impact", R"({"manifest":)" + text.str() + owner + "}");
        REQUIRE(impact.status == 200);
        const long long entries = num(impact.json()["total_models"]);
        auto uploaded = upload(http, text.str(), owner + R"(,"auto_publish_contracts":true)");
        INFO(uploaded.body.substr(0, 2000));
        REQUIRE(uploaded.status == 200);
        const auto body = uploaded.json();
        const auto& assets = body["assets"];
        CHECK(num(assets["created"]) + num(assets["skipped"]) == entries);
        CHECK(http.post("/api/v1/sync/dbt/diff", R"({"manifest":)" + text.str() + "}").status ==
              200);
    }
}
