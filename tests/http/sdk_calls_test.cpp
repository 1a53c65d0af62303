// The published Python SDK's calls that the reference service got wrong (issue 18 item 6,
// spec 04 §7.2): the wrapped impact body, compare by schemas, and publish with dry_run=true,
// which decides like a publish and writes nothing.
#include <chrono>
#include <thread>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace tessera::testing;

namespace {

const std::string kIdName = objectSchema(R"("id":{"type":"integer"},"name":{"type":"string"})");
const std::string kIdOnly = objectSchema(R"("id":{"type":"integer"})");
const std::string kIdNameEmail =
    objectSchema(R"("id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"})");

std::string wrapped(const std::string& schema) {
    return R"({"proposed_schema":)" + schema + "}";
}

// Everything a publish may leave behind, counted over the whole database.
struct Footprint {
    long long contracts, proposals, events, deliveries;
    bool operator==(const Footprint& other) const {
        return contracts == other.contracts && proposals == other.proposals &&
               events == other.events && deliveries == other.deliveries;
    }
};

Footprint footprint(const TestServer& server) {
    return {countRows(server, "SELECT count(*) FROM core.contracts"),
            countRows(server, "SELECT count(*) FROM workflow.proposals"),
            countRows(server, "SELECT count(*) FROM audit.events"),
            countRows(server, "SELECT count(*) FROM core.webhook_deliveries")};
}

std::string firstDetailType(const HttpResult& response) {
    auto body = response.json();
    if (!body.IsObject() || !body.HasMember("detail")) return "<no detail>";
    return str(body["detail"][0], "type");
}

}  // namespace

TEST_CASE("sdk: impact accepts the wrapped {\"proposed_schema\": …} body", "[http][sdk]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    publishContract(http, asset, team, kIdName);
    const std::string url = "/api/v1/assets/" + asset + "/impact";

    // The unchanged schema, wrapped: nothing breaks (the reference diffed the wrapper itself).
    auto same = http.post(url, wrapped(kIdName));
    REQUIRE(same.status == 200);
    CHECK(same.json()["breaking_changes"].Size() == 0);
    CHECK(same.json()["safe_to_publish"].IsTrue());
    // Wrapped and bare bodies answer the same.
    auto removal = http.post(url, wrapped(kIdOnly));
    REQUIRE(removal.status == 200);
    CHECK(removal.body == http.post(url, kIdOnly).body);
    CHECK(str(removal.json(), "change_type") == "major");
    CHECK(removal.json()["breaking_changes"].Size() == 1);

    // Not the wrapper: a second key, or a value that is not an object, is a schema as before.
    auto twoKeys = http.post(url, R"({"proposed_schema":)" + kIdName + R"(,"type":"object"})");
    REQUIRE(twoKeys.status == 200);
    CHECK(twoKeys.json()["breaking_changes"].Size() > 0);
    auto notObject = http.post(url, R"({"proposed_schema":"x"})");
    REQUIRE(notObject.status == 200);
    CHECK(notObject.json()["breaking_changes"].Size() > 0);
    CHECK(http.post(url, "[1]").status == 422);
}

TEST_CASE("sdk: compare accepts old_schema / new_schema / compatibility_mode", "[http][sdk]") {
    const auto& http = sharedServer().client();
    const std::string url = "/api/v1/contracts/compare";
    auto body = [](const std::string& oldSchema, const std::string& newSchema,
                   const std::string& extra = "") {
        return R"({"old_schema":)" + oldSchema + R"(,"new_schema":)" + newSchema + extra + "}";
    };

    // Removing a property breaks backward (the default mode).
    auto removal = http.post(url, body(kIdName, kIdOnly));
    REQUIRE(removal.status == 200);
    auto removed = removal.json();
    CHECK(keys(removed) ==
          "change_type,is_compatible,breaking_changes,all_changes,compatibility_mode");
    CHECK(str(removed, "change_type") == "major");
    CHECK(removed["is_compatible"].IsFalse());
    CHECK(str(removed, "compatibility_mode") == "backward");
    REQUIRE(removed["breaking_changes"].Size() == 1);
    CHECK(str(removed["breaking_changes"][0], "type") == "property_removed");

    // Adding one is compatible under backward, breaking under forward.
    auto added = http.post(url, body(kIdName, kIdNameEmail)).json();
    CHECK(added["is_compatible"].IsTrue());
    CHECK(str(added, "change_type") == "minor");
    auto forward =
        http.post(url, body(kIdName, kIdNameEmail, R"(,"compatibility_mode":"forward")")).json();
    CHECK(str(forward, "compatibility_mode") == "forward");
    CHECK(forward["is_compatible"].IsFalse());
    auto none = http.post(url, body(kIdName, kIdOnly, R"(,"compatibility_mode":null)")).json();
    CHECK(str(none, "compatibility_mode") == "backward");

    // Bad input: the framework's 422 naming the field.
    auto missing = http.post(url, R"({"old_schema":)" + kIdName + "}");
    REQUIRE(missing.status == 422);
    CHECK(firstDetailType(missing) == "missing");
    CHECK(std::string(missing.json()["detail"][0]["loc"][1].GetString()) == "new_schema");
    auto notObject = http.post(url, body("[]", kIdOnly));
    REQUIRE(notObject.status == 422);
    CHECK(firstDetailType(notObject) == "dict_type");
    auto badMode = http.post(url, body(kIdName, kIdOnly, R"(,"compatibility_mode":"sideways")"));
    REQUIRE(badMode.status == 422);
    CHECK(firstDetailType(badMode) == "enum");

    // The reference's form is unchanged: a body naming a contract id is that form.
    auto byId = http.post(url, R"({"contract_id_1":"x","old_schema":{},"new_schema":{}})");
    REQUIRE(byId.status == 422);
    CHECK(std::string(byId.json()["detail"][0]["loc"][1].GetString()) == "contract_id_1");
}

TEST_CASE("sdk: publish with dry_run=true decides and writes nothing", "[http][sdk]") {
    WebhookReceiver hooks;
    TestServer server({{"WEBHOOK_URL", hooks.url()}, {"WEBHOOK_RETRY_DELAYS", "0"}});
    const auto& http = server.client();
    const std::string producer = createTestTeam(http);
    const std::string consumer = createTestTeam(http);
    const std::string asset = createTestAsset(http, producer);
    const std::string contractsUrl = "/api/v1/assets/" + asset + "/contracts";

    SECTION("a first publish") {
        const Footprint before = footprint(server);
        auto dry =
            publish(http, asset, producer, kIdName, R"(,"version":"1.0.0")", "&dry_run=true");
        REQUIRE(dry.status == 200);
        auto body = dry.json();
        CHECK(keys(body) == "action,dry_run,breaking_changes,version,message");
        CHECK(str(body, "action") == "published");
        CHECK(body["dry_run"].IsTrue());
        CHECK(str(body, "version") == "1.0.0");
        CHECK(body["breaking_changes"].Size() == 0);
        CHECK(footprint(server) == before);
        CHECK(http.get(contractsUrl).json()["total"].GetInt() == 0);
        // dry_run=false is an ordinary publish.
        auto real = publish(http, asset, producer, kIdName, "", "&dry_run=false");
        REQUIRE(real.status == 201);
        CHECK(footprint(server).contracts == before.contracts + 1);
    }

    SECTION("a compatible, a breaking and a forced change over a registered consumer") {
        registerConsumer(http, publishContract(http, asset, producer, kIdName), consumer);
        // Let the proposal-free publish settle (no webhook expected for it).
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const size_t hooksBefore = hooks.requests().size();
        const Footprint before = footprint(server);

        auto compatible = publish(http, asset, producer, kIdNameEmail, "", "&dry_run=true");
        REQUIRE(compatible.status == 200);
        auto minor = compatible.json();
        CHECK(str(minor, "action") == "published");
        CHECK(str(minor, "change_type") == "minor");
        CHECK(str(minor, "version") == "1.1.0");
        CHECK(minor["version_auto_generated"].IsTrue());
        CHECK(str(minor, "message").find("version 1.0.0 would be deprecated") != std::string::npos);

        auto breaking = publish(http, asset, producer, kIdOnly, "", "&dry_run=true");
        REQUIRE(breaking.status == 200);
        auto proposal = breaking.json();
        CHECK(str(proposal, "action") == "proposal_created");
        CHECK(str(proposal, "change_type") == "major");
        REQUIRE(proposal["breaking_changes"].Size() == 1);
        CHECK(str(proposal["breaking_changes"][0], "type") == "property_removed");
        CHECK_FALSE(proposal.HasMember("proposal"));

        auto forced = publish(http, asset, producer, kIdOnly, "", "&force=true&dry_run=true");
        REQUIRE(forced.status == 200);
        CHECK(str(forced.json(), "action") == "force_published");
        CHECK(str(forced.json(), "version") == "2.0.0");

        // The errors of a real publish still come: a version that exists is 409.
        auto clash =
            publish(http, asset, producer, kIdName, R"(,"version":"1.0.0")", "&dry_run=true");
        CHECK(clash.status == 409);
        CHECK(publish(http, asset, producer, kIdName, "", "&dry_run=maybe").status == 422);

        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(footprint(server) == before);
        CHECK(hooks.requests().size() == hooksBefore);
        // The active contract is still 1.0.0, and a real breaking publish does write.
        auto list = http.get("/api/v1/contracts?status=active&asset_id=" + asset).json();
        CHECK(str(list["results"][0], "version") == "1.0.0");
        REQUIRE(publish(http, asset, producer, kIdOnly).status == 201);
        CHECK(footprint(server).proposals == before.proposals + 1);
        CHECK(hooks.waitFor(hooksBefore + 1));
    }
}
