// Column-level blast radius over HTTP (issue 20 item 3): GET /assets/{id}/blast-radius?columns=
// and the additive `column_impact` of POST /assets/{id}/impact and of proposals, on a hand-built
// graph where the table-level and the column-level answers differ.
#include <algorithm>
#include <string>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

void mapped(const HttpClient& http, const std::string& dependent, const std::string& dependency,
            const std::string& mappings) {
    std::string body =
        R"({"depends_on_asset_id":")" + dependency + R"(","dependency_type":"transforms")";
    if (!mappings.empty()) body += R"(,"column_mappings":)" + mappings;
    auto response = http.post("/api/v1/assets/" + dependent + "/dependencies", body + "}");
    INFO(response.body);
    REQUIRE(response.status == 201);
}

// "fqn-suffix@depth[columns]" of each asset; "*" for all columns.
std::string describe(const rapidjson::Value& assets, const std::string& prefix) {
    std::string out;
    for (const auto& asset : assets.GetArray()) {
        std::string columns;
        for (const auto& column : asset["affected_columns"].GetArray()) {
            columns += (columns.empty() ? "" : ",") + text(column);
        }
        out += (out.empty() ? "" : " ") + str(asset, "fqn").substr(prefix.size()) + "@" +
               std::to_string(num(asset["depth"])) + "[" +
               (asset["all_columns"].GetBool() ? "*" : columns) + "]";
    }
    return out;
}

std::string teamIds(const rapidjson::Value& teams) {
    std::vector<std::string> ids;
    for (const auto& team : teams.GetArray()) ids.push_back(str(team, "team_id"));
    std::sort(ids.begin(), ids.end());
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
    return out;
}

struct Graph {
    std::string prefix, producer, emailReaders, amountReaders, root, a, b, c;
};

// root (producer) ← a (email_hash ← email; emailReaders) ← c (no mappings; emailReaders)
// root ← b (total ← amount; amountReaders)
Graph build(const HttpClient& http) {
    Graph g;
    g.prefix = "cols_" + uniqueSuffix() + ".s.";
    g.producer = createTestTeam(http);
    g.emailReaders = createTestTeam(http);
    g.amountReaders = createTestTeam(http);
    const auto asset = [&](const std::string& team, const std::string& name) {
        auto response = postAsset(http, team, g.prefix + name);
        REQUIRE(response.status == 201);
        return str(response.json(), "id");
    };
    g.root = asset(g.producer, "orders");
    g.a = asset(g.emailReaders, "customers");
    g.b = asset(g.amountReaders, "revenue");
    g.c = asset(g.emailReaders, "mailing");
    mapped(http, g.a, g.root, R"([{"target_column":"email_hash","source_column":"email"}])");
    mapped(http, g.b, g.root, R"([{"target_column":"total","source_column":"amount"}])");
    mapped(http, g.c, g.a, "");
    return g;
}

}  // namespace

TEST_CASE("the column radius follows the mappings that read the columns, the table radius all",
          "[http][columns]") {
    const auto& http = sharedServer().client();
    const Graph g = build(http);
    const std::string path = "/api/v1/assets/" + g.root + "/blast-radius";

    auto table = http.get(path);
    REQUIRE(table.status == 200);
    CHECK(table.json()["assets"].Size() == 3);
    CHECK_FALSE(table.json().HasMember("columns"));  // the default body is unchanged

    auto email = http.get(path + "?columns=email");
    REQUIRE(email.status == 200);
    const auto body = email.json();
    CHECK(keys(body) ==
          "asset_id,fqn,direction,depth,generation,columns,assets,teams,assumed_all_columns,note");
    CHECK(describe(body["assets"], g.prefix) == "customers@1[email_hash] mailing@2[*]");
    CHECK(body["assumed_all_columns"].GetBool());  // mailing's edge has no mappings
    CHECK(teamIds(body["teams"]) == g.emailReaders);

    auto amount = http.get(path + "?columns=amount,%20id");
    REQUIRE(amount.status == 200);
    CHECK(describe(amount.json()["assets"], g.prefix) == "revenue@1[total]");
    CHECK_FALSE(amount.json()["assumed_all_columns"].GetBool());
    CHECK_FALSE(amount.json().HasMember("note"));

    for (const char* bad : {"?columns=", "?columns=a,,b", "?columns=a&direction=upstream",
                            "?columns=a&view=summary", "?columns=a&limit=5"}) {
        INFO(bad);
        auto response = http.get(path + bad);
        CHECK(response.status == 422);
        CHECK(response.body.find(R"("loc":["query","columns"])") != std::string::npos);
    }
}

TEST_CASE("a schema dropping a column: column_impact names only the teams reading it",
          "[http][columns][impact]") {
    const auto& http = sharedServer().client();
    const Graph g = build(http);
    publishContract(http, g.root, g.producer,
                    objectSchema(R"("id":{"type":"integer"},"email":{"type":"string"},)"
                                 R"("amount":{"type":"number"})"));
    auto response =
        http.post("/api/v1/assets/" + g.root + "/impact",
                  objectSchema(R"("id":{"type":"integer"},"amount":{"type":"number"})"));
    REQUIRE(response.status == 200);
    const auto body = response.json();
    REQUIRE(body["breaking_changes"].Size() >= 1);
    CHECK(body["impacted_assets"].Size() == 3);  // the table-level radius, unchanged
    REQUIRE(body.HasMember("column_impact"));
    const auto& columns = body["column_impact"];
    CHECK(tessera::core::toJson(columns["columns"]) == R"(["email"])");
    CHECK(describe(columns["assets"], g.prefix) == "customers@1[email_hash] mailing@2[*]");
    CHECK(teamIds(columns["teams"]) == g.emailReaders);  // not the amount readers
}

TEST_CASE("a proposal dropping a column: its column_impact names only the teams reading it",
          "[http][columns][proposals]") {
    const auto& http = sharedServer().client();
    const Graph g = build(http);
    const std::string v1 = objectSchema(
        R"("id":{"type":"integer"},"email":{"type":"string"},"amount":{"type":"number"})");
    registerConsumer(http, publishContract(http, g.root, g.producer, v1), g.amountReaders);
    auto opened = publish(http, g.root, g.producer,
                          objectSchema(R"("id":{"type":"integer"},"amount":{"type":"number"})"));
    INFO(opened.body);
    REQUIRE(opened.status == 201);
    const auto created = opened.json();
    REQUIRE(str(created, "action") == "proposal_created");
    CHECK(keys(created) == "action,change_type,breaking_changes,proposal,message");

    const std::string id = str(created["proposal"], "id");
    auto fetched = http.get("/api/v1/proposals/" + id);
    REQUIRE(fetched.status == 200);
    const auto proposal = fetched.json();
    for (const rapidjson::Value* object :
         {static_cast<const rapidjson::Value*>(&created["proposal"]),
          &static_cast<const rapidjson::Value&>(proposal)}) {
        CHECK(keys(*object) ==
              "id,asset_id,proposed_schema,change_type,breaking_changes,status,proposed_by,"
              "proposed_by_user_id,proposed_at,resolved_at,column_impact");
        const auto& impact = (*object)["column_impact"];
        CHECK(keys(impact) == "columns,assets,teams,assumed_all_columns,note");
        CHECK(tessera::core::toJson(impact["columns"]) == R"(["email"])");
        CHECK(describe(impact["assets"], g.prefix) == "customers@1[email_hash] mailing@2[*]");
        // Not the amount readers, though they are the registered consumer and read the table.
        CHECK(teamIds(impact["teams"]) == g.emailReaders);
    }
    // The table level reaches all three assets.
    CHECK(http.get("/api/v1/assets/" + g.root + "/blast-radius").json()["assets"].Size() == 3);

    // The same object from the transitions: a withdrawn proposal still says what it would break.
    auto withdrawn = http.post("/api/v1/proposals/" + id + "/withdraw", "");
    INFO(withdrawn.body);
    REQUIRE(withdrawn.status == 200);
    CHECK(describe(withdrawn.json()["column_impact"]["assets"], g.prefix) ==
          "customers@1[email_hash] mailing@2[*]");
}

TEST_CASE("a replica started later loads the column mappings with the edges", "[http][columns]") {
    const Graph g = build(sharedServer().client());
    TestServer replica({}, sharedServer().databaseUrl());  // built from Postgres at start-up
    auto response =
        replica.client().get("/api/v1/assets/" + g.root + "/blast-radius?columns=amount");
    REQUIRE(response.status == 200);
    CHECK(describe(response.json()["assets"], g.prefix) == "revenue@1[total]");
}
