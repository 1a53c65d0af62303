// Guarantees that count (issue 21): guarantee_mode stored, publishing diffs guarantees (spec 03
// §6) under notify / strict / ignore, the previews report them, strict proposals carry them,
// consumers hear of weakened and violated guarantees — and with no guarantee news every
// response is the original's.
#include <set>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace tessera::testing;

namespace {

const std::string kSchema = objectSchema(R"("id":{"type":"integer"},"email":{"type":"string"})");

struct Publisher {
    const HttpClient& http;
    std::string team;
    std::string asset;

    Publisher(const HttpClient& client, const std::string& mode) : http(client) {
        team = createTestTeam(http);
        asset = createTestAsset(http, team, R"(,"guarantee_mode":")" + mode + "\"");
    }
    HttpResult publishWith(const std::string& guarantees, const std::string& schema = kSchema) {
        return publish(http, asset, team, schema, R"(,"guarantees":)" + guarantees);
    }
};

// Publishes `before`, then `after`; returns the second response.
HttpResult republish(const HttpClient& http, const std::string& mode, const std::string& before,
                     const std::string& after) {
    Publisher publisher(http, mode);
    REQUIRE(publisher.publishWith(before).status == 201);
    return publisher.publishWith(after);
}

std::string json(const rapidjson::Value& value) {
    return tessera::core::toJson(value);
}

std::vector<std::string> types(const rapidjson::Value& records) {
    std::vector<std::string> out;
    for (const auto& record : records.GetArray()) out.push_back(str(record, "type"));
    return out;
}

}  // namespace

TEST_CASE("guarantee_mode is stored on create and patch", "[http][guarantees]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team, R"(,"guarantee_mode":"ignore")");
    CHECK(str(http.get("/api/v1/assets/" + asset).json(), "guarantee_mode") == "ignore");
    auto patched = http.patch("/api/v1/assets/" + asset, R"({"guarantee_mode":"strict"})");
    REQUIRE(patched.status == 200);
    CHECK(str(patched.json(), "guarantee_mode") == "strict");
    // null and absent leave it as it is; the default is notify.
    CHECK(str(http.patch("/api/v1/assets/" + asset, R"({"guarantee_mode":null})").json(),
              "guarantee_mode") == "strict");
    CHECK(str(http.get("/api/v1/assets/" + createTestAsset(http, team)).json(), "guarantee_mode") ==
          "notify");
    // An unknown mode is 422 and changes nothing.
    auto bad = http.patch("/api/v1/assets/" + asset, R"({"guarantee_mode":"loud"})");
    CHECK(bad.status == 422);
    CHECK(bad.body.find(R"(["body","guarantee_mode"])") != std::string::npos);
    CHECK(str(http.get("/api/v1/assets/" + asset).json(), "guarantee_mode") == "strict");
}

TEST_CASE("the worked examples of 03 §6.5 through the publish path, under each mode",
          "[http][guarantees]") {
    const auto& http = sharedServer().client();

    SECTION("freshness added: info everywhere, never breaking") {
        for (const std::string mode : {"notify", "strict"}) {
            INFO(mode);
            auto response =
                republish(http, mode, "null", R"({"freshness":{"max_staleness_minutes":60}})");
            REQUIRE(response.status == 201);
            const auto body = response.json();
            CHECK(str(body, "action") == "published");
            CHECK(keys(body) ==
                  "action,change_type,contract,message,version_auto_generated,"
                  "guarantee_changes,guarantee_warnings");
            REQUIRE(body["guarantee_changes"].Size() == 1);
            CHECK(json(body["guarantee_changes"][0]) ==
                  R"({"type":"freshness_added","path":"freshness","message":"freshness guarantee )"
                  R"(added: {'max_staleness_minutes': 60}","severity":"info","old_value":null,)"
                  R"("new_value":{"max_staleness_minutes":60}})");
            CHECK(num(body["guarantee_warnings"]) == 0);
        }
    }

    SECTION("freshness changed: a warning; strict opens a proposal") {
        const std::string before = R"({"freshness":{"max_staleness_minutes":60}})";
        const std::string after = R"({"freshness":{"max_staleness_minutes":30}})";
        auto notify = republish(http, "notify", before, after).json();
        CHECK(str(notify, "action") == "published");
        CHECK(str(notify, "change_type") == "patch");  // guarantees never alter it
        CHECK(types(notify["guarantee_changes"]) == std::vector<std::string>{"freshness_relaxed"});
        CHECK(num(notify["guarantee_warnings"]) == 1);

        auto strict = republish(http, "strict", before, after);
        REQUIRE(strict.status == 201);
        const auto body = strict.json();
        CHECK(str(body, "action") == "proposal_created");
        CHECK(str(body, "change_type") == "patch");
        CHECK(types(body["breaking_changes"]) == std::vector<std::string>{"freshness_relaxed"});
        CHECK(str(body["breaking_changes"][0], "message") ==
              "freshness guarantee changed from {'max_staleness_minutes': 60} to "
              "{'max_staleness_minutes': 30}");
        CHECK(str(body["breaking_changes"][0], "severity") == "warning");

        auto ignore = republish(http, "ignore", before, after);
        CHECK(str(ignore.json(), "action") == "published");
        CHECK(keys(ignore.json()) == "action,change_type,contract,message,version_auto_generated");
    }

    SECTION("a not-null guarantee dropped") {
        auto body = republish(http, "strict", R"({"nullability":{"id":"never","email":"allowed"}})",
                              R"({"nullability":{"id":"allowed"}})")
                        .json();
        CHECK(str(body, "action") == "proposal_created");
        REQUIRE(body["breaking_changes"].Size() == 1);
        CHECK(json(body["breaking_changes"][0]) ==
              R"({"type":"not_null_removed","path":"nullability.email","message":"not_null )"
              R"(guarantee removed for column 'email'","severity":"warning","old_value":"email",)"
              R"("new_value":null})");
    }

    SECTION("accepted values expanded, contracted, changed") {
        const std::string ab = R"({"accepted_values":{"s":["a","b"]}})";
        auto expanded =
            republish(http, "strict", ab, R"({"accepted_values":{"s":["a","b","c"]}})").json();
        CHECK(str(expanded, "action") == "proposal_created");
        CHECK(str(expanded["breaking_changes"][0], "type") == "accepted_values_expanded");
        auto contracted =
            republish(http, "strict", ab, R"({"accepted_values":{"s":["a"]}})").json();
        CHECK(str(contracted, "action") == "published");  // info only
        CHECK(str(contracted["guarantee_changes"][0], "type") == "accepted_values_contracted");
        auto changed =
            republish(http, "notify", ab, R"({"accepted_values":{"s":["a","c"]}})").json();
        CHECK(str(changed, "action") == "published");
        CHECK(str(changed["guarantee_changes"][0], "message") ==
              "accepted_values for 's' changed: added {'c'}, removed {'b'}");
    }

    SECTION("custom guarantees: strict breaks on the removed and the changed one") {
        auto body =
            republish(http, "strict", R"({"custom":{"x":1,"y":2}})", R"({"custom":{"x":2,"z":3}})")
                .json();
        CHECK(types(body["guarantee_changes"]) ==
              std::vector<std::string>{"custom_guarantee_added", "custom_guarantee_removed",
                                       "custom_guarantee_changed"});
        CHECK(types(body["breaking_changes"]) ==
              std::vector<std::string>{"custom_guarantee_removed", "custom_guarantee_changed"});
        CHECK(num(body["guarantee_warnings"]) == 2);
    }
}

TEST_CASE("every 03 §6.5 example under every mode: what is reported and what is decided",
          "[http][guarantees]") {
    const auto& http = sharedServer().client();
    struct Example {
        const char* before;
        const char* after;
        std::vector<std::string> kinds;  // the records, in order
        std::vector<std::string> breakingUnderStrict;
    };
    const std::vector<Example> examples = {
        {"null", R"({"freshness":{"max_staleness_minutes":60}})", {"freshness_added"}, {}},
        {R"({"freshness":{"max_staleness_minutes":60}})",
         R"({"freshness":{"max_staleness_minutes":30}})",
         {"freshness_relaxed"},
         {"freshness_relaxed"}},
        {R"({"nullability":{"id":"never","email":"allowed"}})",
         R"({"nullability":{"id":"allowed"}})",
         {"not_null_removed"},
         {"not_null_removed"}},
        {R"({"accepted_values":{"s":["a","b"]}})",
         R"({"accepted_values":{"s":["a","b","c"]}})",
         {"accepted_values_expanded"},
         {"accepted_values_expanded"}},
        {R"({"accepted_values":{"s":["a","b"]}})",
         R"({"accepted_values":{"s":["a"]}})",
         {"accepted_values_contracted"},
         {}},
        {R"({"accepted_values":{"s":["a","b"]}})",
         R"({"accepted_values":{"s":["a","c"]}})",
         {"accepted_values_expanded"},
         {"accepted_values_expanded"}},
        {R"({"custom":{"x":1,"y":2}})",
         R"({"custom":{"x":2,"z":3}})",
         {"custom_guarantee_added", "custom_guarantee_removed", "custom_guarantee_changed"},
         {"custom_guarantee_removed", "custom_guarantee_changed"}},
    };
    for (const Example& example : examples) {
        for (const std::string mode : {"notify", "strict", "ignore"}) {
            INFO(example.before << " -> " << example.after << " under " << mode);
            const auto response = republish(http, mode, example.before, example.after);
            REQUIRE(response.status == 201);
            const auto body = response.json();
            if (mode == "ignore") {
                CHECK(str(body, "action") == "published");
                CHECK_FALSE(body.HasMember("guarantee_changes"));
                continue;
            }
            CHECK(types(body["guarantee_changes"]) == example.kinds);
            const bool breaks = mode == "strict" && !example.breakingUnderStrict.empty();
            CHECK(str(body, "action") == (breaks ? "proposal_created" : "published"));
            CHECK(str(body, "change_type") == "patch");  // the schema did not change
            if (breaks) CHECK(types(body["breaking_changes"]) == example.breakingUnderStrict);
        }
    }
}

TEST_CASE("without guarantee news every publish answers exactly as before", "[http][guarantees]") {
    const auto& http = sharedServer().client();
    Publisher publisher(http, "strict");
    const std::string same = R"({"nullability":{"id":"never"}})";
    // A strict asset without an active contract publishes as usual.
    auto first = publisher.publishWith(same);
    REQUIRE(first.status == 201);
    CHECK(keys(first.json()) == "action,contract,message,version_auto_generated");
    auto again = publisher.publishWith(same).json();
    CHECK(keys(again) == "action,change_type,contract,message,version_auto_generated");
    // A breaking schema change without guarantee changes: the original's proposal, key for key
    // (and the column_impact every proposal with breaking schema changes carries, issue 20).
    auto breaking = publisher.publishWith(same, objectSchema(R"("id":{"type":"integer"})")).json();
    CHECK(keys(breaking) == "action,change_type,breaking_changes,proposal,message");
    CHECK(keys(breaking["proposal"]) ==
          "id,asset_id,proposed_schema,change_type,breaking_changes,status,proposed_by,"
          "proposed_by_user_id,proposed_at,resolved_at,column_impact");  // additive (issue 20)
}

TEST_CASE("a strict proposal carries its guarantees and publishes them", "[http][guarantees]") {
    const auto& http = sharedServer().client();
    Publisher publisher(http, "strict");
    const std::string first = publishContract(http, publisher.asset, publisher.team, kSchema,
                                              R"(,"guarantees":{"nullability":{"email":"never"}})");
    const std::string consumer = createTestTeam(http);
    registerConsumer(http, first, consumer);

    const std::string weaker = R"({"nullability":{},"custom":{"owner":"data-team"}})";
    auto opened = publisher.publishWith(weaker).json();
    REQUIRE(str(opened, "action") == "proposal_created");
    const std::string proposal = str(opened["proposal"], "id");
    auto fetched = http.get("/api/v1/proposals/" + proposal).json();
    CHECK(json(fetched["proposed_guarantees"]) ==
          R"({"freshness":null,"volume":null,"nullability":{},"accepted_values":null,)"
          R"("custom":{"owner":"data-team"}})");
    CHECK(types(fetched["guarantee_changes"]) ==
          std::vector<std::string>{"not_null_removed", "custom_guarantee_added"});
    // Stored as jsonb, read back in the records' order of 03 §6.2.
    CHECK(keys(fetched["guarantee_changes"][0]) ==
          "type,path,message,severity,old_value,new_value");
    REQUIRE(fetched["breaking_changes"].Size() == 1);
    CHECK(str(fetched["breaking_changes"][0], "type") == "not_null_removed");

    REQUIRE(http.post("/api/v1/proposals/" + proposal + "/acknowledge",
                      R"({"consumer_team_id":")" + consumer + R"(","response":"approved"})")
                .status == 201);
    auto published = http.post("/api/v1/proposals/" + proposal + "/publish",
                               R"({"version":"2.0.0","published_by":")" + publisher.team + "\"}");
    REQUIRE(published.status == 200);
    const std::string contract = str(published.json()["contract"], "id");
    CHECK(json(http.get("/api/v1/contracts/" + contract).json()["guarantees"]) ==
          json(fetched["proposed_guarantees"]));
}

TEST_CASE("a notify proposal keeps the current guarantees, as the original", "[http][guarantees]") {
    const auto& http = sharedServer().client();
    Publisher publisher(http, "notify");
    const std::string current = R"({"nullability":{"id":"never"}})";
    registerConsumer(http,
                     publishContract(http, publisher.asset, publisher.team, kSchema,
                                     R"(,"guarantees":)" + current),
                     createTestTeam(http));
    auto opened =
        publisher.publishWith(R"({"nullability":{}})", objectSchema(R"("id":{"type":"integer"})"))
            .json();
    REQUIRE(str(opened, "action") == "proposal_created");
    CHECK_FALSE(opened["proposal"].HasMember("proposed_guarantees"));
    CHECK(types(opened["proposal"]["guarantee_changes"]) ==
          std::vector<std::string>{"not_null_removed"});
    CHECK(types(opened["breaking_changes"]) == std::vector<std::string>{"property_removed"});
}

TEST_CASE("the previews report guarantee changes beside schema changes", "[http][guarantees]") {
    const auto& http = sharedServer().client();
    Publisher publisher(http, "strict");
    const std::string v1 =
        publishContract(http, publisher.asset, publisher.team, kSchema,
                        R"(,"version":"1.0.0","guarantees":{"volume":{"min":1}})");
    auto forced = publish(http, publisher.asset, publisher.team, kSchema,
                          R"(,"version":"1.1.0","guarantees":{"volume":{"min":5}})", "&force=true");
    REQUIRE(str(forced.json(), "action") == "force_published");
    CHECK(types(forced.json()["breaking_changes"]) == std::vector<std::string>{"volume_relaxed"});
    const std::string v2 = str(forced.json()["contract"], "id");

    SECTION("diff between versions") {
        auto diff = http.get("/api/v1/assets/" + publisher.asset +
                             "/contracts/diff?from_version=1.0.0&to_version=1.1.0");
        REQUIRE(diff.status == 200);
        const auto body = diff.json();
        CHECK(types(body["guarantee_changes"]) == std::vector<std::string>{"volume_relaxed"});
        CHECK(types(body["breaking_changes"]) == std::vector<std::string>{"volume_relaxed"});
        CHECK_FALSE(body["is_compatible"].GetBool());  // strict
        CHECK(body["all_changes"].Size() == 0);
    }
    SECTION("compare two contracts") {
        auto compared =
            http.post("/api/v1/contracts/compare",
                      R"({"contract_id_1":")" + v1 + R"(","contract_id_2":")" + v2 + "\"}");
        REQUIRE(compared.status == 200);
        CHECK(types(compared.json()["guarantee_changes"]) ==
              std::vector<std::string>{"volume_relaxed"});
    }
    SECTION("impact with proposed guarantees") {
        const std::string path = "/api/v1/assets/" + publisher.asset + "/impact";
        auto without = http.post(path, kSchema).json();
        CHECK(without["safe_to_publish"].GetBool());
        CHECK_FALSE(without.HasMember("guarantee_changes"));
        auto with = http.post(path + "?guarantees=%7B%22volume%22%3Anull%7D", kSchema).json();
        CHECK(types(with["guarantee_changes"]) == std::vector<std::string>{"volume_removed"});
        CHECK(types(with["breaking_changes"]) == std::vector<std::string>{"volume_removed"});
        CHECK_FALSE(with["safe_to_publish"].GetBool());
        // Not JSON, or not an object: 422 naming the query value.
        for (const std::string bad : {"%7Bnope", "%5B1%5D"}) {
            auto rejected = http.post(path + "?guarantees=" + bad, kSchema);
            CHECK(rejected.status == 422);
            CHECK(rejected.body.find(R"(["query","guarantees"])") != std::string::npos);
        }
    }
}

TEST_CASE("guarantee objects of the wrong shape are 422 naming the path", "[http][guarantees]") {
    const auto& http = sharedServer().client();
    Publisher publisher(http, "strict");
    for (const std::string category : {"custom", "uniqueness", "relationships", "expressions"}) {
        INFO(category);
        auto rejected = publisher.publishWith(R"({")" + category + R"(":[1]})");
        CHECK(rejected.status == 422);
        CHECK(rejected.body.find(R"(["body","guarantees",")" + category + R"("])") !=
              std::string::npos);
    }
    CHECK(countRows(sharedServer(), "SELECT count(*) FROM core.contracts WHERE asset_id = $1",
                    publisher.asset) == 0);
}

TEST_CASE("consumers hear of weakened and violated guarantees, signed like every webhook",
          "[http][guarantees][webhooks]") {
    WebhookReceiver hooks;
    TestServer server({{"WEBHOOK_URL", hooks.url()},
                       {"WEBHOOK_SECRET", "guarantee-secret"},
                       {"DELIVERY_WORKERS", "1"}});
    const auto& http = server.client();
    Publisher publisher(http, "notify");
    const std::string promised = R"({"nullability":{"email":"never"},"freshness":{"hours":1}})";
    const std::string first = publishContract(http, publisher.asset, publisher.team, kSchema,
                                              R"(,"guarantees":)" + promised);
    const std::string consumer = createTestTeam(http);
    registerConsumer(http, first, consumer);

    // The audit runs: a failing streak notifies once, at its start.
    const auto report = [&](bool emailPasses) {
        return http.post("/api/v1/assets/" + publisher.asset + "/audit-results",
                         R"({"status":")" + std::string(emailPasses ? "passed" : "failed") +
                             R"(","triggered_by":"dbt_test","guarantee_results":[)"
                             R"({"guarantee_id":"nullability.email","passed":)" +
                             (emailPasses ? "true" : "false") +
                             R"(},{"guarantee_id":"row_count_sanity","passed":false}]})");
    };
    auto failing = report(false);
    REQUIRE(failing.status == 200);
    CHECK(json(failing.json()["violated_guarantees"]) == R"(["nullability.email"])");
    CHECK(json(report(false).json()["violated_guarantees"]) == R"(["nullability.email"])");
    CHECK(json(report(true).json()["violated_guarantees"]) == "[]");
    REQUIRE(report(false).status == 200);  // a new streak

    // A publish that drops the not-null promise: notify publishes and tells the consumers.
    auto weakened = publisher.publishWith(R"({"freshness":{"hours":1}})").json();
    CHECK(str(weakened, "action") == "published");
    CHECK(num(weakened["guarantee_warnings"]) == 1);

    REQUIRE(hooks.waitFor(3));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // nothing more is coming
    const auto received = hooks.requests();
    std::vector<std::string> events;
    for (const auto& request : received) {
        rapidjson::Document body;
        body.Parse(request.body.c_str());
        events.push_back(str(body, "event"));
        CHECK(request.headers.at("x-tessera-signature").rfind("sha256=", 0) == 0);
        CHECK(request.headers.at("x-tessera-event") == events.back());
        const auto& payload = body["payload"];
        if (events.back() == "asset.guarantees_violated") {
            CHECK(keys(payload) ==
                  "asset_id,asset_fqn,contract_id,contract_version,audit_run_id,"
                  "violated_guarantees,newly_violated,impacted_consumers");
            CHECK(json(payload["newly_violated"]) == R"(["nullability.email"])");
            REQUIRE(payload["impacted_consumers"].Size() == 1);
            CHECK(str(payload["impacted_consumers"][0], "team_id") == consumer);
        } else {
            CHECK(events.back() == "contract.guarantees_changed");
            CHECK(keys(payload) ==
                  "contract_id,asset_id,asset_fqn,version,previous_version,producer_team_id,"
                  "producer_team_name,guarantee_mode,guarantee_changes,guarantee_warnings,"
                  "impacted_consumers");
            CHECK(str(payload, "previous_version") == "1.0.0");
            CHECK(types(payload["guarantee_changes"]) ==
                  std::vector<std::string>{"not_null_removed"});
            REQUIRE(payload["impacted_consumers"].Size() == 1);
            CHECK(str(payload["impacted_consumers"][0], "team_id") == consumer);
        }
    }
    CHECK(events == std::vector<std::string>{"asset.guarantees_violated",
                                             "asset.guarantees_violated",
                                             "contract.guarantees_changed"});
}
