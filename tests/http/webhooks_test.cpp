// Outbound webhooks and Slack messages (spec 04 §3, 03 §11) against local receivers: payloads,
// signatures, retries, persisted delivery records, and that no receiver can slow the API.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace tessera::testing;
using namespace std::chrono_literals;

namespace {

const std::string kSecret = "s3cr3t-key";
const std::string kV1 =
    R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}})";
const std::string kV2 = R"({"type":"object","properties":{"id":{"type":"integer"}}})";

std::string hmacHex(const std::string& key, const std::string& body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    char hex[3];
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(hex, sizeof(hex), "%02x", digest[i]);
        out += hex;
    }
    return out;
}

rapidjson::Document parse(const std::string& text) {
    rapidjson::Document document;
    document.Parse(text.c_str());
    return document;
}

Env webhookEnv(const std::string& url, const std::string& delays = "0.2,0.4") {
    return {{"WEBHOOK_URL", url}, {"WEBHOOK_SECRET", kSecret}, {"WEBHOOK_RETRY_DELAYS", delays}};
}

struct Breaking {
    std::string producer;
    std::string asset;
    std::string fqn;
    std::vector<std::string> consumers;
    std::string proposal;
};

Breaking proposeBreakingChange(const HttpClient& http, int consumers) {
    Breaking b;
    b.producer = createTestTeam(http);
    b.fqn = uniqueFqn();
    auto asset = postAsset(http, b.producer, b.fqn);
    REQUIRE(asset.status == 201);
    b.asset = str(asset.json(), "id");
    const std::string contract =
        publishContract(http, b.asset, b.producer, kV1, R"(,"version":"1.0.0")");
    for (int i = 0; i < consumers; ++i) {
        b.consumers.push_back(createTestTeam(http));
        registerConsumer(http, contract, b.consumers.back());
    }
    auto response = publish(http, b.asset, b.producer, kV2, R"(,"version":"2.0.0")");
    INFO(response.body);
    REQUIRE(str(response.json(), "action") == "proposal_created");
    b.proposal = str(response.json()["proposal"], "id");
    return b;
}

HttpResult acknowledge(const HttpClient& http, const std::string& proposal, const std::string& team,
                       const std::string& response) {
    return http.post("/api/v1/proposals/" + proposal + "/acknowledge",
                     R"({"consumer_team_id":")" + team + R"(","response":")" + response +
                         R"(","notes":"ok by us"})");
}

// Polls the deliveries API until `count` deliveries have left `pending`.
rapidjson::Document settledDeliveries(const HttpClient& http, long long count) {
    for (int i = 0; i < 200; ++i) {
        auto body = http.get("/api/v1/webhooks/deliveries?limit=100").json();
        long long settled = 0;
        for (const auto& delivery : body["results"].GetArray()) {
            if (str(delivery, "status") != "pending") ++settled;
        }
        if (settled >= count) return body;
        std::this_thread::sleep_for(50ms);
    }
    FAIL("deliveries did not settle");
    return {};
}

// Notifications as they arrived, cut into the requests that caused them (`sizes`: how many
// each request sent, in request order). One delivery worker sends them in the commit order of
// their requests; the rows one request writes fall due at the same instant, so within a request
// the order is not defined and each group is sorted.
using Requests = std::vector<std::vector<std::string>>;
Requests byRequest(const std::vector<std::string>& arrived, const std::vector<size_t>& sizes) {
    Requests groups;
    size_t at = 0;
    for (size_t size : sizes) {
        std::vector<std::string> group(arrived.begin() + std::min(at, arrived.size()),
                                       arrived.begin() + std::min(at + size, arrived.size()));
        std::sort(group.begin(), group.end());
        groups.push_back(std::move(group));
        at += size;
    }
    if (at < arrived.size()) groups.push_back({arrived.begin() + at, arrived.end()});
    return groups;
}

}  // namespace

TEST_CASE("the breaking-change story sends signed webhooks and Slack messages in order",
          "[webhooks][http]") {
    WebhookReceiver hooks;
    WebhookReceiver slack({200}, "ok");
    Env env = webhookEnv(hooks.url());
    env["SLACK_WEBHOOK_URL"] = slack.url();
    env["DELIVERY_WORKERS"] = "1";  // one sender: deliveries leave in the order they fell due
    TestServer server(env);
    const auto& http = server.client();

    Breaking b = proposeBreakingChange(http, 2);
    REQUIRE(acknowledge(http, b.proposal, b.consumers[0], "approved").status == 201);
    REQUIRE(acknowledge(http, b.proposal, b.consumers[1], "migrating").status == 201);
    auto published = http.post("/api/v1/proposals/" + b.proposal + "/publish",
                               R"({"version":"2.0.0","published_by":")" + b.producer + "\"}");
    REQUIRE(published.status == 200);
    const std::string contractId = str(published.json()["contract"], "id");

    // created, acknowledged ×2, approved, contract.published.
    REQUIRE(hooks.waitFor(5));
    const auto received = hooks.requests();
    std::vector<std::string> events;
    for (const auto& request : received) {
        INFO(request.body);
        CHECK(request.method == "POST");
        CHECK(request.path == "/hook");
        CHECK(request.headers.at("content-type") == "application/json");
        CHECK(request.headers.at("x-tessera-signature") ==
              "sha256=" + hmacHex(kSecret, request.body));
        auto body = parse(request.body);
        REQUIRE(body.IsObject());
        CHECK(keys(body) == "event,timestamp,payload");
        CHECK(request.headers.at("x-tessera-event") == str(body, "event"));
        std::string timestamp = str(body, "timestamp");
        REQUIRE(timestamp.back() == 'Z');
        CHECK(request.headers.at("x-tessera-timestamp") ==
              timestamp.substr(0, timestamp.size() - 1) + "+00:00");
        events.push_back(str(body, "event"));
    }
    // In the commit order of the four requests: the propose, the two acknowledgments (the
    // second one completes the approval) and the publish.
    CHECK(byRequest(events, {1, 1, 2, 1}) ==
          Requests{{"proposal.created"},
                   {"proposal.acknowledged"},
                   {"proposal.acknowledged", "proposal.approved"},
                   {"contract.published"}});

    for (const auto& request : received) {
        auto body = parse(request.body);
        const std::string event = str(body, "event");
        const auto& payload = body["payload"];
        if (event == "proposal.created") {
            CHECK(keys(payload) ==
                  "proposal_id,asset_id,asset_fqn,producer_team_id,producer_team_name,"
                  "proposed_version,breaking_changes,impacted_consumers");
            CHECK(str(payload, "proposal_id") == b.proposal);
            CHECK(str(payload, "asset_fqn") == b.fqn);
            CHECK(str(payload, "proposed_version") == "2.0.0");
            REQUIRE(payload["breaking_changes"].Size() == 1);
            CHECK(keys(payload["breaking_changes"][0]) == "change_type,path,message,details");
            CHECK(str(payload["breaking_changes"][0], "change_type") == "property_removed");
            CHECK(payload["breaking_changes"][0]["details"].IsNull());
            REQUIRE(payload["impacted_consumers"].Size() == 2);
            CHECK(keys(payload["impacted_consumers"][0]) == "team_id,team_name,pinned_version");
        } else if (event == "proposal.acknowledged") {
            CHECK(keys(payload) ==
                  "proposal_id,asset_id,asset_fqn,consumer_team_id,consumer_team_name,response,"
                  "migration_deadline,notes,pending_count,acknowledged_count");
            CHECK(str(payload, "notes") == "ok by us");
            if (str(payload, "response") == "approved") {
                CHECK(num(payload["acknowledged_count"]) == 1);
                CHECK(num(payload["pending_count"]) == 0);  // the original's formula: 1 − 1
            } else {
                CHECK(str(payload, "response") == "migrating");
                CHECK(num(payload["acknowledged_count"]) == 2);
                CHECK(num(payload["pending_count"]) == 0);
            }
        } else if (event == "proposal.approved") {
            CHECK(keys(payload) ==
                  "proposal_id,asset_id,asset_fqn,status,actor_team_id,actor_team_name");
            CHECK(str(payload, "status") == "approved");
            CHECK(payload["actor_team_id"].IsNull());
        } else {
            CHECK(keys(payload) ==
                  "contract_id,asset_id,asset_fqn,version,producer_team_id,producer_team_name,"
                  "from_proposal_id");
            CHECK(str(payload, "contract_id") == contractId);
            CHECK(str(payload, "from_proposal_id") == b.proposal);
        }
    }

    // Slack: creation, two acknowledgments (migrating worded "blocked"), all approved.
    REQUIRE(slack.waitFor(4));
    std::vector<std::string> texts;
    for (const auto& request : slack.requests()) {
        auto body = parse(request.body);
        CHECK(keys(body) == "text,blocks");
        CHECK(request.headers.count("x-tessera-signature") == 0);
        texts.push_back(str(body, "text"));
    }
    const std::string first = str(http.get("/api/v1/teams/" + b.consumers[0]).json(), "name");
    const std::string second = str(http.get("/api/v1/teams/" + b.consumers[1]).json(), "name");
    CHECK(byRequest(texts, {1, 1, 2}) ==
          Requests{{"Breaking change proposed for " + b.fqn + " v2.0.0"},
                   {first + " approved breaking change for " + b.fqn},
                   {"All consumers approved breaking change for " + b.fqn + " vpending",
                    second + " blocked breaking change for " + b.fqn}});

    // The deliveries API shows the webhook rows (not the Slack ones), newest first.
    auto deliveries = settledDeliveries(http, 5);
    CHECK(keys(deliveries) == "results,total");
    CHECK(num(deliveries["total"]) == 5);
    const auto& newest = deliveries["results"][0];
    CHECK(keys(newest) ==
          "id,event_type,payload,url,status,attempts,last_attempt_at,last_error,"
          "last_status_code,created_at,delivered_at");
    CHECK(str(newest, "event_type") == "contract.published");
    CHECK(str(newest, "status") == "delivered");
    CHECK(num(newest["attempts"]) == 1);
    CHECK(num(newest["last_status_code"]) == 200);
    CHECK(newest["last_error"].IsNull());
    CHECK(str(newest, "url") == hooks.url());
    CHECK(str(newest["payload"], "event") == "contract.published");
    // The envelope as sent, keys in the order of spec 04 §3.3 (not jsonb's sorted copy).
    CHECK(keys(newest["payload"]) == "event,timestamp,payload");
    auto one = http.get("/api/v1/webhooks/deliveries/" + str(newest, "id"));
    CHECK(one.status == 200);
    CHECK(str(one.json(), "id") == str(newest, "id"));
    auto filtered = http.get("/api/v1/webhooks/deliveries?event_type=proposal.acknowledged").json();
    CHECK(num(filtered["total"]) == 2);
    CHECK(keys(filtered["results"][0]["payload"]["payload"]) ==
          "proposal_id,asset_id,asset_fqn,consumer_team_id,consumer_team_name,response,"
          "migration_deadline,notes,pending_count,acknowledged_count");
    CHECK(num(http.get("/api/v1/webhooks/deliveries?status=failed").json()["total"]) == 0);
    CHECK(http.get("/api/v1/webhooks/deliveries?status=lost").status == 422);
    CHECK(http.get("/api/v1/webhooks/deliveries?limit=101").status == 422);
    auto missing = http.get("/api/v1/webhooks/deliveries/00000000-0000-0000-0000-000000000000");
    CHECK(missing.status == 404);
    CHECK(errorCode(missing.json()) == "NOT_FOUND");
    CHECK(errorMessage(missing.json()) ==
          "Webhook delivery with ID '00000000-0000-0000-0000-000000000000' not found");
}

TEST_CASE("status webhooks: rejected, withdrawn, force_approved", "[webhooks][http]") {
    WebhookReceiver hooks;
    TestServer server(webhookEnv(hooks.url()));
    const auto& http = server.client();

    Breaking rejected = proposeBreakingChange(http, 1);
    REQUIRE(acknowledge(http, rejected.proposal, rejected.consumers[0], "blocked").status == 201);
    Breaking withdrawn = proposeBreakingChange(http, 0);
    REQUIRE(http.post("/api/v1/proposals/" + withdrawn.proposal + "/withdraw").status == 200);
    Breaking forced = proposeBreakingChange(http, 0);
    REQUIRE(http.post("/api/v1/proposals/" + forced.proposal + "/force?actor_id=" + forced.producer)
                .status == 200);

    REQUIRE(hooks.waitFor(6));  // three proposal.created + three status events
    std::map<std::string, rapidjson::Document> byEvent;
    for (const auto& request : hooks.requests()) {
        auto body = parse(request.body);
        std::string event = str(body, "event");
        if (event != "proposal.created") byEvent[event] = std::move(body);
    }
    REQUIRE(byEvent.size() == 3);
    // A blocked acknowledgment sends no proposal.acknowledged.
    const auto& reject = byEvent["proposal.rejected"]["payload"];
    CHECK(str(reject, "status") == "rejected");
    CHECK(str(reject, "actor_team_id") == rejected.consumers[0]);
    CHECK(reject["actor_team_name"].IsString());
    const auto& withdraw = byEvent["proposal.withdrawn"]["payload"];
    CHECK(str(withdraw, "status") == "withdrawn");
    CHECK(withdraw["actor_team_id"].IsNull());
    CHECK(withdraw["actor_team_name"].IsNull());
    const auto& force = byEvent["proposal.force_approved"]["payload"];
    CHECK(str(force, "status") == "force_approved");
    CHECK(str(force, "actor_team_id") == forced.producer);
}

TEST_CASE("a receiver failing twice gets the same signed body a third time, then succeeds",
          "[webhooks][http]") {
    WebhookReceiver hooks({500, 500, 200}, "boom");
    TestServer server(webhookEnv(hooks.url(), "0.2,0.4"));
    const auto& http = server.client();
    proposeBreakingChange(http, 0);

    REQUIRE(hooks.waitFor(3));
    const auto received = hooks.requests();
    CHECK(received[0].body == received[1].body);
    CHECK(received[1].body == received[2].body);
    CHECK(received[2].headers.at("x-tessera-signature") ==
          "sha256=" + hmacHex(kSecret, received[2].body));
    // Backoff: at least the configured waits between attempts.
    CHECK(received[1].at - received[0].at >= 190ms);
    CHECK(received[2].at - received[1].at >= 390ms);

    auto deliveries = settledDeliveries(http, 1);
    const auto& delivery = deliveries["results"][0];
    CHECK(str(delivery, "status") == "delivered");
    CHECK(num(delivery["attempts"]) == 3);
    CHECK(num(delivery["last_status_code"]) == 200);
    CHECK(delivery["last_error"].IsNull());
    CHECK(delivery["delivered_at"].IsString());
}

TEST_CASE("exhausted deliveries are failed with the last error", "[webhooks][http]") {
    SECTION("the receiver keeps answering 503") {
        WebhookReceiver hooks({503}, "down for maintenance");
        TestServer server(webhookEnv(hooks.url(), "0.05,0.05"));
        proposeBreakingChange(server.client(), 0);
        auto deliveries = settledDeliveries(server.client(), 1);
        const auto& delivery = deliveries["results"][0];
        CHECK(str(delivery, "status") == "failed");
        CHECK(num(delivery["attempts"]) == 3);
        CHECK(str(delivery, "last_error") == "down for maintenance");
        CHECK(num(delivery["last_status_code"]) == 503);
        CHECK(delivery["delivered_at"].IsNull());
        CHECK(hooks.requests().size() == 3);
    }
    SECTION("the receiver answers 500 with no body: last_error is that empty body") {
        WebhookReceiver hooks({500}, "");
        TestServer server(webhookEnv(hooks.url(), "0.05,0.05"));
        proposeBreakingChange(server.client(), 0);
        auto deliveries = settledDeliveries(server.client(), 1);
        const auto& delivery = deliveries["results"][0];
        CHECK(str(delivery, "status") == "failed");
        CHECK(str(delivery, "last_error").empty());  // spec 04 §3.5: the response body
        CHECK(num(delivery["last_status_code"]) == 500);
    }
    SECTION("nothing listens") {
        const int port = unusedLoopbackPort();
        TestServer server(
            webhookEnv("http://127.0.0.1:" + std::to_string(port) + "/hook", "0.05,0.05"));
        proposeBreakingChange(server.client(), 0);
        auto deliveries = settledDeliveries(server.client(), 1);
        const auto& delivery = deliveries["results"][0];
        CHECK(str(delivery, "status") == "failed");
        CHECK(num(delivery["attempts"]) == 3);
        CHECK(delivery["last_status_code"].IsNull());
        CHECK(!str(delivery, "last_error").empty());
    }
}

TEST_CASE("a slow receiver never slows an API request", "[webhooks][http]") {
    WebhookReceiver hooks({200}, "ok", 5s);
    TestServer server(webhookEnv(hooks.url()));
    const auto& http = server.client();
    const auto start = std::chrono::steady_clock::now();
    Breaking b = proposeBreakingChange(http, 1);  // its proposal.created is being delivered
    REQUIRE(acknowledge(http, b.proposal, b.consumers[0], "approved").status == 201);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    // Everything above answered while the receiver was still sleeping on the first delivery.
    CHECK(elapsed < 4s);
}

TEST_CASE("no WEBHOOK_URL: no delivery rows", "[webhooks][http]") {
    const auto& http = sharedServer().client();
    const long long before =
        countRows(sharedServer(), "SELECT count(*) FROM core.webhook_deliveries");
    proposeBreakingChange(http, 1);
    CHECK(countRows(sharedServer(), "SELECT count(*) FROM core.webhook_deliveries") == before);
}

TEST_CASE("pending deliveries survive a restart", "[webhooks][http]") {
    const int port = unusedLoopbackPort();
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
    // First run: the receiver is down and the retry is far away.
    TestServer first(webhookEnv(url, "600,600"));
    proposeBreakingChange(first.client(), 0);
    for (int i = 0; i < 200; ++i) {
        if (countRows(first, "SELECT count(*) FROM core.webhook_deliveries WHERE attempts = 1") ==
            1) {
            break;
        }
        std::this_thread::sleep_for(25ms);
    }
    REQUIRE(countRows(first,
                      "SELECT count(*) FROM core.webhook_deliveries WHERE attempts = 1 "
                      "AND status = 'pending'") == 1);
    REQUIRE(first.stop() == 0);

    // The receiver comes up; the retry comes due (as if ten minutes had passed).
    WebhookReceiver hooks({200}, "ok", 0ms, port);
    execSql(first, "UPDATE core.webhook_deliveries SET next_attempt_at = now()");
    TestServer second(webhookEnv(url), first.databaseUrl());
    REQUIRE(hooks.waitFor(1));
    auto deliveries = settledDeliveries(second.client(), 1);
    CHECK(str(deliveries["results"][0], "status") == "delivered");
    CHECK(num(deliveries["results"][0]["attempts"]) == 2);
    CHECK(num(deliveries["results"][0]["last_status_code"]) == 200);
}
