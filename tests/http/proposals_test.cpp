// /api/v1/proposals end to end (spec 03 §9, the scenarios of §12), as admin (AUTH_DISABLED)
// except where the own-team rules R10–R13 need real keys.
#include <atomic>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

const std::string kUnknownId = "00000000-0000-0000-0000-000000000000";
const std::string kV1 =
    R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}})";
const std::string kV2 = R"({"type":"object","properties":{"id":{"type":"integer"}}})";

struct Story {
    std::string producer;
    std::string asset;
    std::string contract;  // v1
    std::vector<std::string> consumers;
    std::string proposal;
};

// The setup of 03 §12: v1 published as 1.0.0, `consumerCount` teams registered on it, then a
// breaking 2.0.0 → a pending proposal.
Story breakingProposal(const HttpClient& http, int consumerCount) {
    Story s;
    s.producer = createTestTeam(http);
    s.asset = createTestAsset(http, s.producer);
    s.contract = publishContract(http, s.asset, s.producer, kV1, R"(,"version":"1.0.0")");
    for (int i = 0; i < consumerCount; ++i) {
        s.consumers.push_back(createTestTeam(http));
        registerConsumer(http, s.contract, s.consumers.back());
    }
    auto response = publish(http, s.asset, s.producer, kV2, R"(,"version":"2.0.0")");
    INFO(response.body);
    REQUIRE(response.status == 201);
    auto body = response.json();
    REQUIRE(str(body, "action") == "proposal_created");
    REQUIRE(str(body, "change_type") == "major");
    REQUIRE(body["breaking_changes"].Size() > 0);
    REQUIRE(str(body["proposal"], "status") == "pending");
    s.proposal = str(body["proposal"], "id");
    return s;
}

HttpResult acknowledge(const HttpClient& http, const std::string& proposal, const std::string& team,
                       const std::string& response = "approved", const std::string& extra = "") {
    return http.post(
        "/api/v1/proposals/" + proposal + "/acknowledge",
        R"({"consumer_team_id":")" + team + R"(","response":")" + response + "\"" + extra + "}");
}

std::string proposalStatus(const HttpClient& http, const std::string& proposal) {
    return str(http.get("/api/v1/proposals/" + proposal).json(), "status");
}

HttpResult publishProposal(const HttpClient& http, const std::string& proposal,
                           const std::string& team, const std::string& version = "2.0.0") {
    return http.post("/api/v1/proposals/" + proposal + "/publish",
                     R"({"version":")" + version + R"(","published_by":")" + team + "\"}");
}

HttpResult force(const HttpClient& http, const std::string& proposal, const std::string& actor) {
    return http.post("/api/v1/proposals/" + proposal + "/force?actor_id=" + actor);
}

long long events(const TestServer& server, const std::string& proposal, const std::string& action) {
    return countRows(server,
                     "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND action = $2",
                     proposal, action);
}

}  // namespace

TEST_CASE("one consumer approves: the proposal is approved, a second acknowledgment is 400",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 1);

    auto ack = acknowledge(http, s.proposal, s.consumers[0], "approved",
                           R"(,"notes":"Will migrate by Q2")");
    INFO(ack.body);
    REQUIRE(ack.status == 201);
    auto body = ack.json();
    CHECK(keys(body) ==
          "id,proposal_id,consumer_team_id,acknowledged_by_user_id,response,migration_deadline,"
          "notes,responded_at,acknowledged_at");
    CHECK(str(body, "notes") == "Will migrate by Q2");
    CHECK(str(body, "responded_at") == str(body, "acknowledged_at"));
    CHECK(proposalStatus(http, s.proposal) == "approved");
    auto proposal = http.get("/api/v1/proposals/" + s.proposal).json();
    CHECK(proposal["resolved_at"].IsString());

    auto again = acknowledge(http, s.proposal, s.consumers[0]);
    CHECK(again.status == 400);
    CHECK(errorCode(again.json()) == "PROPOSAL_NOT_PENDING");
    CHECK(errorMessage(again.json()) == "Proposal is not pending");

    CHECK(events(sharedServer(), s.proposal, "proposal.created") == 1);
    CHECK(events(sharedServer(), s.proposal, "proposal.acknowledged") == 1);
    CHECK(events(sharedServer(), s.proposal, "proposal.approved") == 1);
    auto approved = countRows(sharedServer(),
                              "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND "
                              "action = 'proposal.approved' AND actor_id IS NULL AND "
                              "payload = '{\"acknowledged_count\":1,\"auto_approved\":true}'",
                              s.proposal);
    CHECK(approved == 1);
}

TEST_CASE("two consumers: pending after the first, approved after the second; /status counts",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 2);

    REQUIRE(acknowledge(http, s.proposal, s.consumers[0]).status == 201);
    CHECK(proposalStatus(http, s.proposal) == "pending");
    auto status = http.get("/api/v1/proposals/" + s.proposal + "/status");
    INFO(status.body);
    REQUIRE(status.status == 200);
    auto body = status.json();
    CHECK(keys(body) ==
          "proposal_id,status,asset_fqn,change_type,breaking_changes,proposed_by,proposed_at,"
          "resolved_at,consumers,acknowledgments,pending_consumers,audit_status,warnings");
    CHECK(keys(body["consumers"]) == "total,acknowledged,pending,blocked");
    CHECK(num(body["consumers"]["total"]) == 2);
    CHECK(num(body["consumers"]["acknowledged"]) == 1);
    CHECK(num(body["consumers"]["pending"]) == 1);
    CHECK(num(body["consumers"]["blocked"]) == 0);
    REQUIRE(body["acknowledgments"].Size() == 1);
    CHECK(keys(body["acknowledgments"][0]) ==
          "consumer_team_id,consumer_team_name,acknowledged_by_user_id,"
          "acknowledged_by_user_name,response,responded_at,notes");
    REQUIRE(body["pending_consumers"].Size() == 1);
    CHECK(keys(body["pending_consumers"][0]) == "team_id,team_name,registered_at");
    CHECK(str(body["pending_consumers"][0], "team_id") == s.consumers[1]);
    CHECK(keys(body["proposed_by"]) == "team_id,team_name,user_id,user_name");
    CHECK(str(body["proposed_by"], "team_id") == s.producer);
    // 03 §12.12: /status carries the full records.
    REQUIRE(body["breaking_changes"].Size() > 0);
    CHECK(keys(body["breaking_changes"][0]) == "type,path,message,old_value,new_value");
    CHECK(body["audit_status"].IsNull());
    CHECK(body["warnings"].Size() == 0);

    // One of two repeats while still pending → 409.
    auto duplicate = acknowledge(http, s.proposal, s.consumers[0]);
    CHECK(duplicate.status == 409);
    CHECK(errorCode(duplicate.json()) == "DUPLICATE_ACKNOWLEDGMENT");
    CHECK(errorMessage(duplicate.json()) == "Already acknowledged by this team");

    REQUIRE(acknowledge(http, s.proposal, s.consumers[1], "migrating").status == 201);
    CHECK(proposalStatus(http, s.proposal) == "approved");
    body = http.get("/api/v1/proposals/" + s.proposal + "/status").json();
    CHECK(num(body["consumers"]["acknowledged"]) == 2);
    CHECK(num(body["consumers"]["pending"]) == 0);
}

TEST_CASE("three consumers all approving approve the proposal", "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(proposalStatus(http, s.proposal) == "pending");
        REQUIRE(acknowledge(http, s.proposal, s.consumers[i]).status == 201);
    }
    CHECK(proposalStatus(http, s.proposal) == "approved");
}

TEST_CASE("a blocked response rejects the proposal, even after an approval; publish is then 400",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 2);
    REQUIRE(acknowledge(http, s.proposal, s.consumers[0]).status == 201);
    auto blocked = acknowledge(http, s.proposal, s.consumers[1], "blocked");
    REQUIRE(blocked.status == 201);
    CHECK(str(blocked.json(), "response") == "blocked");
    CHECK(proposalStatus(http, s.proposal) == "rejected");
    auto status = http.get("/api/v1/proposals/" + s.proposal + "/status").json();
    CHECK(num(status["consumers"]["blocked"]) == 1);

    auto published = publishProposal(http, s.proposal, s.producer);
    CHECK(published.status == 400);
    CHECK(errorCode(published.json()) == "PROPOSAL_NOT_PENDING");
    CHECK(errorMessage(published.json()) ==
          "Cannot publish from proposal with status 'rejected'. Proposal must be approved first.");
    CHECK(events(sharedServer(), s.proposal, "proposal.rejected") == 1);
    CHECK(events(sharedServer(), s.proposal, "proposal.acknowledged") == 2);
}

TEST_CASE("no consumers: stays pending, force approves, publish creates the contract",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 0);
    CHECK(proposalStatus(http, s.proposal) == "pending");

    auto pendingPublish = publishProposal(http, s.proposal, s.producer);
    CHECK(pendingPublish.status == 400);

    auto forced = force(http, s.proposal, s.producer);
    INFO(forced.body);
    REQUIRE(forced.status == 200);
    CHECK(str(forced.json(), "status") == "approved");
    CHECK(keys(forced.json()) ==
          "id,asset_id,proposed_schema,change_type,breaking_changes,status,proposed_by,"
          "proposed_by_user_id,proposed_at,resolved_at,column_impact");  // additive (issue 20)
    CHECK(force(http, s.proposal, s.producer).status == 400);            // §12.7
    CHECK(events(sharedServer(), s.proposal, "proposal.force_approved") == 1);

    auto published = publishProposal(http, s.proposal, s.producer);
    INFO(published.body);
    REQUIRE(published.status == 200);
    auto body = published.json();
    CHECK(keys(body) == "action,proposal_id,contract,deprecated_contract_id");
    CHECK(str(body, "action") == "published");
    CHECK(str(body["contract"], "version") == "2.0.0");
    CHECK(str(body["contract"], "status") == "active");
    CHECK(str(body, "deprecated_contract_id") == s.contract);
    // The proposal is unchanged by publishing.
    CHECK(proposalStatus(http, s.proposal) == "approved");
    auto events = countRows(sharedServer(),
                            "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND action = "
                            "'contract.published' AND payload->>'change_type' = 'major'",
                            str(body["contract"], "id"));
    CHECK(events == 1);
}

TEST_CASE("an unregistered team's approval is stored but does not complete the set",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 1);
    const std::string outsider = createTestTeam(http);
    REQUIRE(acknowledge(http, s.proposal, outsider).status == 201);
    CHECK(proposalStatus(http, s.proposal) == "pending");
    auto list = http.get("/api/v1/proposals?asset_id=" + s.asset).json();
    CHECK(num(list["results"][0]["acknowledgment_count"]) == 1);
    CHECK(num(list["results"][0]["total_consumers"]) == 1);
    REQUIRE(acknowledge(http, s.proposal, s.consumers[0]).status == 201);
    CHECK(proposalStatus(http, s.proposal) == "approved");
}

TEST_CASE("withdraw: 200 once, then every transition is 400", "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 1);
    auto withdrawn = http.post("/api/v1/proposals/" + s.proposal + "/withdraw");
    INFO(withdrawn.body);
    REQUIRE(withdrawn.status == 200);
    CHECK(str(withdrawn.json(), "status") == "withdrawn");
    CHECK(withdrawn.json()["resolved_at"].IsString());
    CHECK(http.post("/api/v1/proposals/" + s.proposal + "/withdraw").status == 400);
    CHECK(acknowledge(http, s.proposal, s.consumers[0]).status == 400);
    CHECK(publishProposal(http, s.proposal, s.producer).status == 400);
    CHECK(force(http, s.proposal, s.producer).status == 400);
}

TEST_CASE("unknown proposal ids are 404 on every route; unknown consumer team is 404",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string base = "/api/v1/proposals/" + kUnknownId;
    for (const auto& response :
         {http.get(base), http.get(base + "/status"), acknowledge(http, kUnknownId, team),
          http.post(base + "/withdraw"), force(http, kUnknownId, team),
          publishProposal(http, kUnknownId, team)}) {
        INFO(response.body);
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "PROPOSAL_NOT_FOUND");
        CHECK(errorMessage(response.json()) == "Proposal not found");
    }
    Story s = breakingProposal(http, 1);
    auto unknownTeam = acknowledge(http, s.proposal, kUnknownId);
    CHECK(unknownTeam.status == 404);
    CHECK(errorCode(unknownTeam.json()) == "TEAM_NOT_FOUND");
    CHECK(errorMessage(unknownTeam.json()) == "Consumer team not found");
    // Unknown acknowledging user: the original failed with 500 (foreign key).
    auto unknownUser = acknowledge(http, s.proposal, s.consumers[0], "approved",
                                   R"(,"acknowledged_by_user_id":")" + kUnknownId + "\"");
    CHECK(unknownUser.status == 404);
    CHECK(proposalStatus(http, s.proposal) == "pending");
}

TEST_CASE("acknowledge validation: 422 for bad bodies, nothing stored", "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 1);
    const std::string path = "/api/v1/proposals/" + s.proposal + "/acknowledge";
    const std::string team = s.consumers[0];
    for (const std::string& body : std::vector<std::string>{
             "{}", R"({"consumer_team_id":"not-a-uuid","response":"approved"})",
             R"({"consumer_team_id":")" + team + R"(","response":"maybe"})",
             R"({"consumer_team_id":")" + team + R"(","response":"approved","notes":")" +
                 std::string(2001, 'x') + "\"}",
             R"({"consumer_team_id":")" + team +
                 R"(","response":"approved","migration_deadline":"soon"})",
             R"({"consumer_team_id":")" + team +
                 R"(","response":"approved","migration_deadline":1e300})",
             "[]"}) {
        auto response = http.post(path, body);
        INFO(body << " → " << response.body);
        CHECK(response.status == 422);
    }
    CHECK(http.post("/api/v1/proposals/not-a-uuid/acknowledge",
                    R"({"consumer_team_id":")" + team + R"(","response":"approved"})")
              .status == 422);
    CHECK(http.post("/api/v1/proposals/" + s.proposal + "/force").status == 422);  // no actor_id
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM workflow.acknowledgments WHERE proposal_id = $1",
                    s.proposal) == 0);

    auto deadline = acknowledge(http, s.proposal, team, "approved",
                                R"(,"migration_deadline":"2025-06-01T00:00:00Z")");
    REQUIRE(deadline.status == 201);
    CHECK(str(deadline.json(), "migration_deadline") == "2025-06-01T00:00:00Z");
}

TEST_CASE("after the full workflow and publish, contracts and registrations are as expected",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    Story s = breakingProposal(http, 1);
    REQUIRE(acknowledge(http, s.proposal, s.consumers[0]).status == 201);
    auto published = publishProposal(http, s.proposal, s.producer);
    REQUIRE(published.status == 200);
    CHECK(str(published.json()["contract"], "version") == "2.0.0");

    auto contracts = http.get("/api/v1/assets/" + s.asset + "/contracts").json();
    REQUIRE(contracts["results"].Size() == 2);
    CHECK(str(contracts["results"][0], "version") == "2.0.0");
    CHECK(str(contracts["results"][0], "status") == "active");
    CHECK(str(contracts["results"][1], "version") == "1.0.0");
    CHECK(str(contracts["results"][1], "status") == "deprecated");
    auto registrations =
        http.get("/api/v1/registrations?consumer_team_id=" + s.consumers[0]).json();
    REQUIRE(registrations["results"].Size() == 1);
    CHECK(str(registrations["results"][0], "contract_id") == s.contract);

    // Publishing again under the same version: 409, not a second contract.
    auto again = publishProposal(http, s.proposal, s.producer);
    CHECK(again.status == 409);
    CHECK(errorCode(again.json()) == "VERSION_EXISTS");
    // Under another version publishing is repeatable (03 §14).
    CHECK(publishProposal(http, s.proposal, s.producer, "2.0.1").status == 200);
    // After publish the counts are against the new contract (no consumers).
    auto status = http.get("/api/v1/proposals/" + s.proposal + "/status").json();
    CHECK(num(status["consumers"]["total"]) == 0);
}

TEST_CASE("list: filters, order, pagination", "[proposals][http]") {
    const auto& http = sharedServer().client();
    const std::string producer = createTestTeam(http);
    const std::string asset = createTestAsset(http, producer);
    publishContract(http, asset, producer, kV1, R"(,"version":"1.0.0")");
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        auto response = publish(http, asset, producer, kV2);
        REQUIRE(response.status == 201);
        ids.push_back(str(response.json()["proposal"], "id"));
    }
    auto all = http.get("/api/v1/proposals?asset_id=" + asset);
    REQUIRE(all.status == 200);
    auto body = all.json();
    CHECK(keys(body) == "results,total,limit,offset");
    CHECK(num(body["total"]) == 5);
    CHECK(keys(body["results"][0]) ==
          "id,asset_id,asset_fqn,status,change_type,breaking_changes_count,proposed_by,"
          "proposed_at,acknowledgment_count,total_consumers");
    CHECK(str(body["results"][0], "id") == ids.back());  // newest first
    CHECK(num(body["results"][0]["breaking_changes_count"]) == 1);

    auto first = http.get("/api/v1/proposals?asset_id=" + asset + "&limit=2&offset=0").json();
    auto second = http.get("/api/v1/proposals?asset_id=" + asset + "&limit=2&offset=2").json();
    REQUIRE(first["results"].Size() == 2);
    REQUIRE(second["results"].Size() == 2);
    CHECK(num(first["total"]) == 5);
    for (const auto& a : first["results"].GetArray()) {
        for (const auto& b : second["results"].GetArray()) CHECK(str(a, "id") != str(b, "id"));
    }
    auto byTeam = http.get("/api/v1/proposals?proposed_by=" + producer).json();
    CHECK(num(byTeam["total"]) == 5);
    CHECK(http.get("/api/v1/proposals?status=pending").status == 200);
    REQUIRE(http.post("/api/v1/proposals/" + ids[0] + "/withdraw").status == 200);
    auto pending = http.get("/api/v1/proposals?asset_id=" + asset + "&status=pending").json();
    CHECK(num(pending["total"]) == 4);
    for (const std::string query :
         {"status=open", "limit=0", "limit=101", "offset=-1", "asset_id=nope", "proposed_by=x"}) {
        INFO(query);
        CHECK(http.get("/api/v1/proposals?" + query).status == 422);
    }
}

TEST_CASE("compatibility modes decide between publishing and proposing (03 §12.14)",
          "[proposals][http]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string added =
        R"({"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"x":{"type":"string"}}})";
    {
        const std::string asset = createTestAsset(http, team);
        publishContract(http, asset, team, kV1);
        auto body = publish(http, asset, team, added).json();
        CHECK(str(body, "action") == "published");
        CHECK(str(body, "change_type") == "minor");
    }
    {
        const std::string asset = createTestAsset(http, team);
        publishContract(http, asset, team, kV1, R"(,"compatibility_mode":"none")");
        CHECK(str(publish(http, asset, team, kV2).json(), "action") == "published");
    }
    {
        const std::string asset = createTestAsset(http, team);
        publishContract(http, asset, team, kV1, R"(,"compatibility_mode":"full")");
        CHECK(str(publish(http, asset, team, added).json(), "action") == "proposal_created");
    }
}

TEST_CASE("concurrent acknowledgments, withdraw races and double publishes end consistent",
          "[proposals][http][concurrency]") {
    const auto& http = sharedServer().client();

    SECTION("two consumers acknowledging at once approve exactly once") {
        for (int round = 0; round < 5; ++round) {
            Story s = breakingProposal(http, 2);
            std::vector<int> statuses(2);
            std::thread a(
                [&] { statuses[0] = acknowledge(http, s.proposal, s.consumers[0]).status; });
            std::thread b(
                [&] { statuses[1] = acknowledge(http, s.proposal, s.consumers[1]).status; });
            a.join();
            b.join();
            CHECK(statuses[0] == 201);
            CHECK(statuses[1] == 201);
            CHECK(proposalStatus(http, s.proposal) == "approved");
            CHECK(events(sharedServer(), s.proposal, "proposal.approved") == 1);
        }
    }
    SECTION("one team acknowledging twice at once stores one acknowledgment") {
        Story s = breakingProposal(http, 2);
        std::vector<int> statuses(4);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back(
                [&, i] { statuses[i] = acknowledge(http, s.proposal, s.consumers[0]).status; });
        }
        for (auto& thread : threads) thread.join();
        CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
        CHECK(std::count(statuses.begin(), statuses.end(), 409) == 3);
        CHECK(countRows(sharedServer(),
                        "SELECT count(*) FROM workflow.acknowledgments WHERE proposal_id = $1",
                        s.proposal) == 1);
    }
    SECTION("an acknowledgment racing a withdraw: one wins, the state matches it") {
        for (int round = 0; round < 5; ++round) {
            Story s = breakingProposal(http, 1);
            int ackStatus = 0;
            int withdrawStatus = 0;
            std::thread a(
                [&] { ackStatus = acknowledge(http, s.proposal, s.consumers[0]).status; });
            std::thread b([&] {
                withdrawStatus = http.post("/api/v1/proposals/" + s.proposal + "/withdraw").status;
            });
            a.join();
            b.join();
            const std::string status = proposalStatus(http, s.proposal);
            const long long acks = countRows(
                sharedServer(),
                "SELECT count(*) FROM workflow.acknowledgments WHERE proposal_id = $1", s.proposal);
            if (status == "withdrawn") {
                CHECK(withdrawStatus == 200);
                CHECK(ackStatus == 400);
                CHECK(acks == 0);
            } else {
                CHECK(status == "approved");
                CHECK(ackStatus == 201);
                CHECK(withdrawStatus == 400);
                CHECK(acks == 1);
            }
        }
    }
    SECTION("a double publish makes one new contract") {
        Story s = breakingProposal(http, 0);
        REQUIRE(force(http, s.proposal, s.producer).status == 200);
        std::vector<int> statuses(3);
        std::vector<std::thread> threads;
        for (int i = 0; i < 3; ++i) {
            threads.emplace_back(
                [&, i] { statuses[i] = publishProposal(http, s.proposal, s.producer).status; });
        }
        for (auto& thread : threads) thread.join();
        CHECK(std::count(statuses.begin(), statuses.end(), 200) == 1);
        CHECK(std::count(statuses.begin(), statuses.end(), 409) == 2);
        CHECK(countRows(sharedServer(),
                        "SELECT count(*) FROM core.contracts WHERE asset_id = $1 AND "
                        "status = 'active'",
                        s.asset) == 1);
    }
}

TEST_CASE("own-team rules R10–R13 with real keys", "[proposals][http][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string producer = secured.createTeam("producer-" + uniqueSuffix());
    const std::string consumer = secured.createTeam("consumer-" + uniqueSuffix());
    const std::string other = secured.createTeam("other-" + uniqueSuffix());
    const Headers producerKey = bearer(secured.createKey(producer, R"(["read","write"])"));
    const Headers consumerKey = bearer(secured.createKey(consumer, R"(["read","write"])"));
    const Headers otherKey = bearer(secured.createKey(other, R"(["read","write"])"));
    const Headers readOnly = bearer(secured.createKey(consumer, R"(["read"])"));

    auto asset = http.post(
        "/api/v1/assets", R"({"fqn":")" + uniqueFqn() + R"(","owner_team_id":")" + producer + "\"}",
        producerKey);
    REQUIRE(asset.status == 201);
    const std::string assetId = str(asset.json(), "id");
    const std::string base = "/api/v1/assets/" + assetId + "/contracts?published_by=" + producer;
    auto v1 = http.post(base, R"({"schema":)" + kV1 + "}", producerKey);
    REQUIRE(v1.status == 201);
    REQUIRE(http.post("/api/v1/registrations?contract_id=" + str(v1.json()["contract"], "id"),
                      R"({"consumer_team_id":")" + consumer + "\"}", consumerKey)
                .status == 201);
    auto proposed = http.post(base, R"({"schema":)" + kV2 + "}", producerKey);
    REQUIRE(str(proposed.json(), "action") == "proposal_created");
    const std::string proposal = str(proposed.json()["proposal"], "id");
    const std::string path = "/api/v1/proposals/" + proposal;

    const auto checkForbidden = [](const HttpResult& response, const std::string& message) {
        INFO(response.body);
        CHECK(response.status == 403);
        auto body = response.json();
        CHECK(errorCode(body) == "FORBIDDEN");
        CHECK(errorMessage(body) == message);
        CHECK(str(body["error"]["details"], "code") == "INSUFFICIENT_PERMISSIONS");
    };
    // R10 (before the 404 of an unknown proposal).
    checkForbidden(
        http.post("/api/v1/proposals/" + kUnknownId + "/acknowledge",
                  R"({"consumer_team_id":")" + consumer + R"(","response":"approved"})", otherKey),
        "You can only acknowledge proposals on behalf of your own team");
    // R11 (after the 404).
    CHECK(http.post("/api/v1/proposals/" + kUnknownId + "/withdraw", "", otherKey).status == 404);
    checkForbidden(http.post(path + "/withdraw", "", otherKey),
                   "You can only withdraw your own proposals");
    // R12.
    checkForbidden(http.post(path + "/force?actor_id=" + producer, "", otherKey),
                   "You can only force approve on behalf of your own team");
    // R13.
    checkForbidden(http.post(path + "/publish",
                             R"({"version":"2.0.0","published_by":")" + producer + "\"}", otherKey),
                   "You can only publish on behalf of your own team");
    // Scope: acknowledging needs write.
    CHECK(http.post(path + "/acknowledge",
                    R"({"consumer_team_id":")" + consumer + R"(","response":"approved"})", readOnly)
              .status == 403);
    CHECK(http.get(path + "/status", readOnly).status == 200);
    // The consumer acknowledges for itself; the producer publishes.
    REQUIRE(http.post(path + "/acknowledge",
                      R"({"consumer_team_id":")" + consumer + R"(","response":"approved"})",
                      consumerKey)
                .status == 201);
    auto published =
        http.post(path + "/publish", R"({"version":"2.0.0","published_by":")" + producer + "\"}",
                  producerKey);
    CHECK(published.status == 200);
    // Webhook deliveries are admin-only.
    CHECK(http.get("/api/v1/webhooks/deliveries", producerKey).status == 403);
    CHECK(http.get("/api/v1/webhooks/deliveries", bearer(kBootstrapKey)).status == 200);
}
