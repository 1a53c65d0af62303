// Publishing and reading contracts end to end (spec 02 §5–§7, 03 §7–§8), as admin
// (AUTH_DISABLED): the ownership rules R4/R5 are exercised with real API keys in the auth tests.
#include <thread>
#include <vector>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

const std::string kUnknownId = "00000000-0000-0000-0000-000000000000";
const char* kContractDumpKeys =
    "id,asset_id,version,schema_def,compatibility_mode,guarantees,status,published_at,"
    "published_by,published_by_user_id";
const char* kProposalKeys =
    "id,asset_id,proposed_schema,change_type,breaking_changes,status,proposed_by,"
    "proposed_by_user_id,proposed_at,resolved_at,column_impact";  // column_impact: issue 20

const std::string kIdName = objectSchema(R"("id":{"type":"integer"},"name":{"type":"string"})");
const std::string kIdNameEmail =
    objectSchema(R"("id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"})");
const std::string kIdOnly = objectSchema(R"("id":{"type":"integer"})");

std::string detailType(const HttpResult& response) {
    auto body = response.json();
    if (!body.IsObject() || !body.HasMember("detail")) return "<no detail>";
    return str(body["detail"][0], "type");
}

long long contractCount(const std::string& assetId) {
    return countRows(sharedServer(), "SELECT count(*) FROM core.contracts WHERE asset_id = $1",
                     assetId);
}

long long eventCount(const std::string& action, const std::string& actor) {
    return countRows(sharedServer(),
                     "SELECT count(*) FROM audit.events WHERE action = $1 AND actor_id = $2",
                     action, actor);
}

std::string contractStatus(const std::string& contractId) {
    return str(sharedServer().client().get("/api/v1/contracts/" + contractId).json(), "status");
}

struct Published {
    std::string team;
    std::string asset;
    std::string contract;
};

// A team, an asset and its first contract (kIdName, version 1.0.0).
Published publishedAsset(const std::string& extraFields = "") {
    const auto& http = sharedServer().client();
    Published p;
    p.team = createTestTeam(http);
    p.asset = createTestAsset(http, p.team);
    p.contract =
        publishContract(http, p.asset, p.team, kIdName, R"(,"version":"1.0.0")" + extraFields);
    return p;
}

}  // namespace

TEST_CASE("acceptance: publish, register, compatible change, breaking change",
          "[http][contracts][acceptance]") {
    const auto& http = sharedServer().client();
    const std::string producer = createTestTeam(http);
    const std::string consumer = createTestTeam(http);
    const std::string asset = createTestAsset(http, producer);

    // Outcome A: first publish.
    auto first = publish(http, asset, producer, kIdName, R"(,"version":"1.0.0")");
    REQUIRE(first.status == 201);
    auto firstBody = first.json();
    CHECK(keys(firstBody) == "action,contract,message");
    CHECK(str(firstBody, "action") == "published");
    CHECK(keys(firstBody["contract"]) == kContractDumpKeys);
    const std::string v1 = str(firstBody["contract"], "id");
    CHECK(str(firstBody["contract"], "version") == "1.0.0");
    CHECK(str(firstBody["contract"], "status") == "active");
    CHECK(str(firstBody["contract"], "compatibility_mode") == "backward");
    CHECK(firstBody["contract"]["guarantees"].IsNull());
    CHECK(str(firstBody["contract"], "published_by") == producer);
    // The schema comes back with its key order.
    CHECK(keys(firstBody["contract"]["schema_def"]["properties"]) == "id,name");
    CHECK(str(firstBody, "message") == "Contract version 1.0.0 published.");

    const std::string registration = registerConsumer(http, v1, consumer);

    // Outcome B: adding an optional column publishes 1.1.0 at once and deprecates 1.0.0.
    auto compatible = publish(http, asset, producer, kIdNameEmail);
    REQUIRE(compatible.status == 201);
    auto compatibleBody = compatible.json();
    CHECK(keys(compatibleBody) == "action,change_type,contract,message,version_auto_generated");
    CHECK(str(compatibleBody, "action") == "published");
    CHECK(str(compatibleBody, "change_type") == "minor");
    CHECK(compatibleBody["version_auto_generated"].IsTrue());
    const std::string v11 = str(compatibleBody["contract"], "id");
    CHECK(str(compatibleBody["contract"], "version") == "1.1.0");
    CHECK(str(compatibleBody["contract"], "status") == "active");
    CHECK(str(compatibleBody, "message") ==
          "Contract version 1.1.0 published; version 1.0.0 deprecated.");
    CHECK(contractStatus(v1) == "deprecated");

    // Outcome D: dropping a column answers with a pending proposal listing the change.
    auto breaking = publish(http, asset, producer,
                            objectSchema(R"("id":{"type":"integer"},"email":{"type":"string"})"));
    REQUIRE(breaking.status == 201);
    auto breakingBody = breaking.json();
    CHECK(keys(breakingBody) == "action,change_type,breaking_changes,proposal,message");
    CHECK(str(breakingBody, "action") == "proposal_created");
    CHECK(str(breakingBody, "change_type") == "major");
    REQUIRE(breakingBody["breaking_changes"].Size() == 1);
    const auto& change = breakingBody["breaking_changes"][0];
    CHECK(keys(change) == "type,path,message,old_value,new_value");
    CHECK(str(change, "type") == "property_removed");
    CHECK(str(change, "path") == "properties.name");
    CHECK(str(change, "message") == "Property 'name' was removed");
    CHECK(str(change["old_value"], "type") == "string");
    CHECK(change["new_value"].IsNull());
    const auto& proposal = breakingBody["proposal"];
    CHECK(keys(proposal) == kProposalKeys);
    CHECK(str(proposal, "asset_id") == asset);
    CHECK(str(proposal, "status") == "pending");
    CHECK(str(proposal, "change_type") == "major");
    CHECK(str(proposal, "proposed_by") == producer);
    CHECK(proposal["resolved_at"].IsNull());
    CHECK(keys(proposal["proposed_schema"]["properties"]) == "id,email");
    // Reduced form inside the proposal object (spec 02 §11 B2).
    REQUIRE(proposal["breaking_changes"].Size() == 1);
    CHECK(keys(proposal["breaking_changes"][0]) == "type,column,details");
    CHECK(str(proposal["breaking_changes"][0], "type") == "property_removed");
    CHECK(proposal["breaking_changes"][0]["column"].IsNull());
    CHECK(proposal["breaking_changes"][0]["details"].MemberCount() == 0);
    CHECK(str(breakingBody, "message") ==
          "Breaking change detected. Proposal created for consumer acknowledgment.");

    // Nothing was published: 1.1.0 stays current; the registration stays on 1.0.0.
    CHECK(contractCount(asset) == 2);
    CHECK(contractStatus(v11) == "active");
    CHECK(str(http.get("/api/v1/registrations/" + registration).json(), "contract_id") == v1);
    // The stored proposal keeps the full records.
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM workflow.proposals WHERE asset_id = $1 AND status ="
                    " 'pending' AND breaking_changes->0->>'path' = 'properties.name'",
                    asset) == 1);

    // Audit events (spec 04 §1.2).
    CHECK(eventCount("contract.published", producer) == 2);
    CHECK(eventCount("proposal.created", producer) == 1);
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND entity_type ="
                    " 'contract' AND payload = '{\"version\": \"1.0.0\", \"change_type\": null,"
                    " \"force\": false}'::jsonb",
                    v1) == 1);
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM audit.events WHERE entity_id = $1 AND payload ="
                    " '{\"version\": \"1.1.0\", \"change_type\": \"minor\", \"force\": false}'",
                    v11) == 1);
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM audit.events WHERE entity_type = 'proposal' AND"
                    " entity_id = $1 AND payload = jsonb_build_object('asset_id', $2::text,"
                    " 'change_type', 'major', 'breaking_changes_count', 1)",
                    str(proposal, "id"), asset) == 1);
}

TEST_CASE("force-publishing a breaking change", "[http][contracts]") {
    const auto& http = sharedServer().client();
    const Published p = publishedAsset();
    auto forced = publish(http, p.asset, p.team, kIdOnly, "", "&force=true");
    REQUIRE(forced.status == 201);
    auto body = forced.json();
    CHECK(keys(body) ==
          "action,change_type,breaking_changes,contract,warning,message,version_auto_generated");
    CHECK(str(body, "action") == "force_published");
    CHECK(str(body, "change_type") == "major");
    CHECK(str(body["breaking_changes"][0], "type") == "property_removed");
    CHECK(str(body["contract"], "version") == "2.0.0");  // major bump
    CHECK(str(body, "warning") ==
          "Breaking change was force-published. Consumers may be affected.");
    CHECK(str(body, "message") ==
          "Breaking change force-published as version 2.0.0; version 1.0.0 deprecated.");
    CHECK(contractStatus(p.contract) == "deprecated");
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM audit.events WHERE action = 'contract.force_published'"
                    " AND entity_id = $1 AND payload->>'force' = 'true'"
                    " AND payload->>'change_type' = 'major'",
                    str(body["contract"], "id")) == 1);

    // force is ignored for a compatible change.
    auto compatible = publish(http, p.asset, p.team, kIdName, "", "&force=true");
    REQUIRE(compatible.status == 201);
    CHECK(str(compatible.json(), "action") == "published");
    CHECK(str(compatible.json()["contract"], "version") == "2.1.0");
}

TEST_CASE("version resolution", "[http][contracts]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);

    auto first = publish(http, asset, team, kIdName);
    REQUIRE(first.status == 201);
    CHECK(str(first.json()["contract"], "version") == "1.0.0");
    CHECK(first.json()["version_auto_generated"].IsTrue());

    // Identical schema: still a minor bump, change_type patch.
    auto same = publish(http, asset, team, kIdName);
    REQUIRE(same.status == 201);
    CHECK(str(same.json()["contract"], "version") == "1.1.0");
    CHECK(str(same.json(), "change_type") == "patch");

    // Explicit versions need not increase; no version_auto_generated key.
    auto lower = publish(http, asset, team, kIdName, R"(,"version":"0.1.0-rc.1+b7")");
    REQUIRE(lower.status == 201);
    CHECK_FALSE(lower.json().HasMember("version_auto_generated"));
    // "Current" is by publish time: the next bump starts from 0.1.0-rc.1 → 0.2.0.
    auto next = publish(http, asset, team, kIdName);
    REQUIRE(next.status == 201);
    CHECK(str(next.json()["contract"], "version") == "0.2.0");
    CHECK(countRows(sharedServer(),
                    "SELECT count(*) FROM core.contracts WHERE asset_id = $1 AND status = 'active'",
                    asset) == 1);
}

TEST_CASE("publish errors in spec order", "[http][contracts]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const Published p = publishedAsset();

    SECTION("unknown asset: 404 ASSET_NOT_FOUND") {
        auto response = publish(http, kUnknownId, p.team, kIdName);
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "ASSET_NOT_FOUND");
        CHECK(errorMessage(response.json()) == "Asset not found");
    }
    SECTION("unknown publisher team: 404 TEAM_NOT_FOUND") {
        auto response = publish(http, p.asset, kUnknownId, kIdName);
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "TEAM_NOT_FOUND");
        CHECK(errorMessage(response.json()) == "Publisher team not found");
    }
    SECTION("unknown publisher user: 404 instead of the original's 500") {
        auto response =
            publish(http, p.asset, p.team, kIdName, "", "&published_by_user_id=" + kUnknownId);
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "NOT_FOUND");
        CHECK(errorMessage(response.json()) == "Publisher user not found");
        const std::string user = insertUser(server, p.team, "publisher");
        auto ok = publish(http, p.asset, p.team, kIdName, "", "&published_by_user_id=" + user);
        REQUIRE(ok.status == 201);
        CHECK(str(ok.json()["contract"], "published_by_user_id") == user);
        // A deactivated user still exists: stored as given (02 §5.1), as the original did.
        execSql(server, "UPDATE core.users SET deactivated_at = now() WHERE id = $1", user);
        auto byFormer =
            publish(http, p.asset, p.team, kIdNameEmail, "", "&published_by_user_id=" + user);
        REQUIRE(byFormer.status == 201);
        CHECK(str(byFormer.json()["contract"], "published_by_user_id") == user);
    }
    SECTION("invalid JSON Schema: 400 INVALID_SCHEMA with details.errors") {
        auto response =
            publish(http, p.asset, p.team, objectSchema(R"("id":{"type":"not_a_type"})"));
        CHECK(response.status == 400);
        auto body = response.json();
        CHECK(errorCode(body) == "INVALID_SCHEMA");
        CHECK(errorMessage(body) == "Invalid JSON Schema");
        REQUIRE(body["error"]["details"]["errors"].Size() == 1);
        CHECK(text(body["error"]["details"]["errors"][0]) ==
              "properties.id.type: 'not_a_type' is not valid under any of the given schemas");
    }
    SECTION("taken version: 409 VERSION_EXISTS, also for the proposal outcome") {
        auto response = publish(http, p.asset, p.team, kIdName, R"(,"version":"1.0.0")");
        CHECK(response.status == 409);
        auto body = response.json();
        CHECK(errorCode(body) == "VERSION_EXISTS");
        CHECK(errorMessage(body) == "Contract version 1.0.0 already exists for this asset");
        CHECK(str(body["error"]["details"], "existing_contract_id") == p.contract);
        auto breaking = publish(http, p.asset, p.team, kIdOnly, R"(,"version":"1.0.0")");
        CHECK(breaking.status == 409);
        CHECK(countRows(server, "SELECT count(*) FROM workflow.proposals WHERE asset_id = $1",
                        p.asset) == 0);
        // Exact string comparison: build metadata makes a different version.
        CHECK(publish(http, p.asset, p.team, kIdName, R"(,"version":"1.0.0+b1")").status == 201);
    }
    SECTION("a soft-deleted asset can still publish (spec 02 §11 A7)") {
        REQUIRE(http.del("/api/v1/assets/" + p.asset).status == 204);
        CHECK(publish(http, p.asset, p.team, kIdName).status == 201);
    }
}

TEST_CASE("a failed publish writes nothing", "[http][contracts]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const Published p = publishedAsset();
    const long long events = countRows(server, "SELECT count(*) FROM audit.events");
    const long long contracts = contractCount(p.asset);

    CHECK(publish(http, p.asset, p.team, kIdName, R"(,"version":"1.0.0")").status == 409);
    CHECK(publish(http, p.asset, p.team, objectSchema(R"("id":{"type":5})")).status == 400);
    CHECK(publish(http, p.asset, p.team, kIdName, "", "&require_audit_pass=true").status == 412);
    CHECK(publish(http, p.asset, kUnknownId, kIdName).status == 404);
    CHECK(publish(http, p.asset, p.team, kIdOnly, R"(,"version":"1.0.0")").status == 409);

    CHECK(contractCount(p.asset) == contracts);
    CHECK(countRows(server, "SELECT count(*) FROM workflow.proposals WHERE asset_id = $1",
                    p.asset) == 0);
    CHECK(countRows(server, "SELECT count(*) FROM audit.events") == events);
    CHECK(contractStatus(p.contract) == "active");
}

TEST_CASE("publish validation: 422", "[http][contracts][validation]") {
    const auto& http = sharedServer().client();
    const Published p = publishedAsset();
    const std::string path = "/api/v1/assets/" + p.asset + "/contracts";

    auto noPublisher = http.post(path, R"({"schema":{}})");
    CHECK(noPublisher.status == 422);
    CHECK(detailType(noPublisher) == "missing");
    CHECK(text(noPublisher.json()["detail"][0]["loc"][1]) == "published_by");
    CHECK(detailType(publish(http, p.asset, "x", kIdName)) == "uuid_parsing");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName, "", "&force=maybe")) ==
          "bool_parsing");
    CHECK(detailType(http.post("/api/v1/assets/bad/contracts?published_by=" + p.team,
                               R"({"schema":{}})")) == "uuid_parsing");

    CHECK(detailType(http.post(path + "?published_by=" + p.team, R"({"version":"2.0.0"})")) ==
          "missing");
    CHECK(detailType(publish(http, p.asset, p.team, "[1]")) == "dict_type");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName, R"(,"version":"1.0")")) ==
          "string_too_short");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName, R"(,"version":"")")) ==
          "string_too_short");
    auto pattern = publish(http, p.asset, p.team, kIdName, R"(,"version":"v1.0.0")");
    CHECK(detailType(pattern) == "string_pattern_mismatch");
    CHECK(str(pattern.json()["detail"][0], "msg") ==
          R"(String should match pattern '^\d+\.\d+\.\d+(-[a-zA-Z0-9.-]+)?(\+[a-zA-Z0-9.-]+)?$')");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName, R"(,"version":"1.0.0 beta")")) ==
          "string_pattern_mismatch");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName,
                             R"(,"compatibility_mode":"sideways")")) == "enum");

    // Guarantees: typed, unknown keys dropped.
    CHECK(detailType(publish(http, p.asset, p.team, kIdName, R"(,"guarantees":5)")) ==
          "model_attributes_type");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName, R"(,"guarantees":{"freshness":5})")) ==
          "dict_type");
    auto nullability =
        publish(http, p.asset, p.team, kIdName, R"(,"guarantees":{"nullability":{"id":1}})");
    CHECK(detailType(nullability) == "string_type");
    CHECK(text(nullability.json()["detail"][0]["loc"][3]) == "id");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName,
                             R"(,"guarantees":{"accepted_values":{"s":"x"}})")) == "list_type");
    CHECK(detailType(publish(http, p.asset, p.team, kIdName,
                             R"(,"guarantees":{"accepted_values":{"s":[1]}})")) == "string_type");

    // Size limits (spec 01 §15).
    std::string many;
    for (int i = 0; i < 1001; ++i) {
        if (i > 0) many += ",";
        many += "\"c" + std::to_string(i) + "\":{}";
    }
    auto tooMany = publish(http, p.asset, p.team, objectSchema(many));
    CHECK(detailType(tooMany) == "value_error");
    CHECK(str(tooMany.json()["detail"][0], "msg") ==
          "Value error, Too many properties in schema. Maximum: 1000. Found: 1001.");
    auto tooLarge =
        publish(http, p.asset, p.team, R"({"description":")" + std::string(1000001, 'x') + "\"}");
    CHECK(detailType(tooLarge) == "value_error");
    CHECK(str(tooLarge.json()["detail"][0], "msg").find("Schema too large") != std::string::npos);
}

TEST_CASE("guarantees are stored with exactly the four keys", "[http][contracts]") {
    const auto& http = sharedServer().client();
    const Published p =
        publishedAsset(R"(,"guarantees":{"freshness":{"max_staleness_minutes":60},"unknown":1,)"
                       R"("accepted_values":{"status":["a","b"]}})");
    auto contract = http.get("/api/v1/contracts/" + p.contract).json();
    const auto& guarantees = contract["guarantees"];
    CHECK(keys(guarantees) == "freshness,volume,nullability,accepted_values");
    CHECK(num(guarantees["freshness"]["max_staleness_minutes"]) == 60);
    CHECK(guarantees["volume"].IsNull());
    CHECK(guarantees["nullability"].IsNull());
    CHECK(text(guarantees["accepted_values"]["status"][1]) == "b");
}

TEST_CASE("compatibility modes decide the outcome", "[http][contracts]") {
    const auto& http = sharedServer().client();

    // none: a removal publishes directly (compatible) although change_type is major.
    const Published none = publishedAsset(R"(,"compatibility_mode":"none")");
    auto removal = publish(http, none.asset, none.team, kIdOnly);
    REQUIRE(removal.status == 201);
    CHECK(str(removal.json(), "action") == "published");
    CHECK(str(removal.json(), "change_type") == "major");
    CHECK(str(removal.json()["contract"], "version") == "1.1.0");
    // The request's mode is stored on the new contract and governs the next publish.
    CHECK(str(removal.json()["contract"], "compatibility_mode") == "backward");

    // full: an added property is breaking → proposal.
    const Published full = publishedAsset(R"(,"compatibility_mode":"full")");
    auto addition = publish(http, full.asset, full.team, kIdNameEmail);
    REQUIRE(addition.status == 201);
    CHECK(str(addition.json(), "action") == "proposal_created");
    CHECK(str(addition.json(), "change_type") == "minor");
    CHECK(str(addition.json()["breaking_changes"][0], "type") == "property_added");
}

TEST_CASE("audit-run (WAP) gate", "[http][contracts]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    auto addRun = [&](const std::string& status, int failed, const std::string& age) {
        execSql(server,
                "INSERT INTO core.audit_runs (asset_id, status, guarantees_failed, triggered_by,"
                " run_at) VALUES ($1, $2, $3, 'dbt', now() - $4::interval)",
                asset, status, failed, age);
    };

    auto required = publish(http, asset, team, kIdName, "", "&require_audit_pass=true");
    CHECK(required.status == 412);
    CHECK(errorCode(required.json()) == "AUDIT_REQUIRED");
    CHECK(errorMessage(required.json()) ==
          "No audit runs found. Run audits before publishing with require_audit_pass=True.");

    addRun("passed", 0, "2 hours");
    addRun("failed", 2, "1 hour");
    auto failed = publish(http, asset, team, kIdName, "", "&require_audit_pass=true");
    CHECK(failed.status == 412);
    auto failedBody = failed.json();
    CHECK(errorCode(failedBody) == "AUDIT_FAILED");
    CHECK(errorMessage(failedBody) ==
          "Most recent audit failed. Cannot publish with require_audit_pass=True.");
    CHECK(str(failedBody["error"]["details"], "audit_status") == "failed");
    CHECK(num(failedBody["error"]["details"]["guarantees_failed"]) == 2);

    auto warned = publish(http, asset, team, kIdName);
    REQUIRE(warned.status == 201);
    CHECK(keys(warned.json()) == "action,contract,message,version_auto_generated,audit_warning");
    CHECK(str(warned.json(), "audit_warning") ==
          "Warning: Most recent audit failed with 2 guarantee(s) failing");
    // No warning on a proposal.
    auto proposal = publish(http, asset, team, kIdOnly);
    REQUIRE(proposal.status == 201);
    CHECK_FALSE(proposal.json().HasMember("audit_warning"));

    addRun("passed", 0, "1 minute");
    auto passed = publish(http, asset, team, kIdName, "", "&require_audit_pass=true");
    REQUIRE(passed.status == 201);
    CHECK_FALSE(passed.json().HasMember("audit_warning"));
}

TEST_CASE("concurrent publishes leave one active contract and distinct versions",
          "[http][contracts][concurrency]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const Published p = publishedAsset();
    constexpr int kWriters = 6;

    std::vector<int> statuses(kWriters);
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back(
            [&, i] { statuses[i] = publish(http, p.asset, p.team, kIdName).status; });
    }
    for (auto& writer : writers) writer.join();
    for (int status : statuses) CHECK(status == 201);
    CHECK(countRows(server,
                    "SELECT count(*) FROM core.contracts WHERE asset_id = $1 AND status = 'active'",
                    p.asset) == 1);
    CHECK(countRows(server,
                    "SELECT count(DISTINCT version) FROM core.contracts WHERE asset_id = $1",
                    p.asset) == kWriters + 1);

    // The same explicit version from several writers: exactly one wins, the rest get 409.
    writers.clear();
    for (int i = 0; i < kWriters; ++i) {
        writers.emplace_back([&, i] {
            statuses[i] = publish(http, p.asset, p.team, kIdName, R"(,"version":"9.9.9")").status;
        });
    }
    for (auto& writer : writers) writer.join();
    int created = 0;
    for (int status : statuses) {
        CHECK((status == 201 || status == 409));
        created += status == 201 ? 1 : 0;
    }
    CHECK(created == 1);
    CHECK(countRows(server,
                    "SELECT count(*) FROM core.contracts WHERE asset_id = $1 AND status = 'active'",
                    p.asset) == 1);
}

TEST_CASE("an asset's contracts: list, history, diff", "[http][contracts]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string teamName = "hist-" + uniqueSuffix();
    const std::string team = createTeamNamed(http, teamName);
    const std::string asset = createTestAsset(http, team);
    const std::string v1 = publishContract(http, asset, team, kIdName, R"(,"version":"1.0.0")");
    const std::string v2 =
        publishContract(http, asset, team, kIdNameEmail, R"(,"compatibility_mode":"forward")");
    const std::string v3 = publishContract(http, asset, team, kIdName, R"(,"version":"3.0.0")");

    SECTION("list: newest first, ContractDump + publisher names") {
        auto list = http.get("/api/v1/assets/" + asset + "/contracts");
        REQUIRE(list.status == 200);
        auto body = list.json();
        CHECK(num(body["total"]) == 3);
        REQUIRE(body["results"].Size() == 3);
        CHECK(keys(body["results"][0]) ==
              std::string(kContractDumpKeys) + ",published_by_team_name,published_by_user_name");
        CHECK(str(body["results"][0], "id") == v3);
        CHECK(str(body["results"][2], "id") == v1);
        CHECK(str(body["results"][0], "published_by_team_name") == teamName);
        CHECK(body["results"][0]["published_by_user_name"].IsNull());
        CHECK(str(body["results"][1], "status") == "deprecated");
        auto page = http.get("/api/v1/assets/" + asset + "/contracts?limit=1&offset=1").json();
        CHECK(str(page["results"][0], "id") == v2);
        // No asset check (spec 02 §11 B8).
        auto unknown = http.get("/api/v1/assets/" + kUnknownId + "/contracts");
        CHECK(unknown.status == 200);
        CHECK(num(unknown.json()["total"]) == 0);
    }
    SECTION("history: each entry against the next older one") {
        auto history = http.get("/api/v1/assets/" + asset + "/contracts/history");
        REQUIRE(history.status == 200);
        auto body = history.json();
        CHECK(keys(body) == "asset_id,asset_fqn,contracts");
        REQUIRE(body["contracts"].Size() == 3);
        const auto& newest = body["contracts"][0];
        CHECK(keys(newest) ==
              "id,version,status,published_at,published_by,compatibility_mode,"
              "change_type,breaking_changes_count");
        // v2 → v3 removes `email`: major; v2's mode is forward, so a removal is not breaking.
        CHECK(str(newest, "version") == "3.0.0");
        CHECK(str(newest, "change_type") == "major");
        CHECK(num(newest["breaking_changes_count"]) == 0);
        CHECK(str(body["contracts"][1], "change_type") == "minor");
        CHECK(num(body["contracts"][1]["breaking_changes_count"]) == 0);
        CHECK(str(body["contracts"][2], "change_type") == "initial");
        CHECK(num(body["contracts"][2]["breaking_changes_count"]) == 0);

        auto unknown = http.get("/api/v1/assets/" + kUnknownId + "/contracts/history");
        CHECK(unknown.status == 404);
        CHECK(errorCode(unknown.json()) == "ASSET_NOT_FOUND");
    }
    SECTION("diff between two versions, either direction") {
        const std::string base = "/api/v1/assets/" + asset + "/contracts/diff";
        auto diff = http.get(base + "?from_version=1.1.0&to_version=1.0.0");
        REQUIRE(diff.status == 200);
        auto body = diff.json();
        CHECK(keys(body) ==
              "asset_id,asset_fqn,from_version,to_version,change_type,"
              "is_compatible,breaking_changes,all_changes,compatibility_mode");
        CHECK(str(body, "change_type") == "major");
        // Breaking under the from contract's mode (forward): a removal is compatible.
        CHECK(str(body, "compatibility_mode") == "forward");
        CHECK(body["is_compatible"].IsTrue());
        CHECK(body["breaking_changes"].Size() == 0);
        CHECK(str(body["all_changes"][0], "type") == "property_removed");

        auto forward = http.get(base + "?from_version=1.0.0&to_version=1.1.0").json();
        CHECK(str(forward, "compatibility_mode") == "backward");
        CHECK(forward["is_compatible"].IsTrue());
        CHECK(str(forward, "change_type") == "minor");

        auto missing = http.get(base + "?from_version=1.0.0");
        CHECK(missing.status == 422);
        CHECK(detailType(missing) == "missing");
        auto noFrom = http.get(base + "?from_version=7.0.0&to_version=1.0.0");
        CHECK(noFrom.status == 404);
        CHECK(errorCode(noFrom.json()) == "CONTRACT_NOT_FOUND");
        CHECK(errorMessage(noFrom.json()) == "Contract version '7.0.0' not found for this asset");
        auto noTo = http.get(base + "?from_version=1.0.0&to_version=8.0.0");
        CHECK(errorMessage(noTo.json()) == "Contract version '8.0.0' not found for this asset");
        auto noAsset = http.get("/api/v1/assets/" + kUnknownId +
                                "/contracts/diff?from_version=1.0.0&to_version=1.0.0");
        CHECK(noAsset.status == 404);
        CHECK(errorCode(noAsset.json()) == "ASSET_NOT_FOUND");
    }
}

TEST_CASE("contracts router: list, get, compare, registrations", "[http][contracts]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string consumerName = "cons-" + uniqueSuffix();
    const std::string consumer = createTeamNamed(http, consumerName);
    const Published p = publishedAsset();
    const std::string v2 =
        publishContract(http, p.asset, p.team, kIdNameEmail, R"(,"version":"1.5.0")");

    SECTION("GET /contracts with filters") {
        auto list = http.get("/api/v1/contracts?asset_id=" + p.asset);
        REQUIRE(list.status == 200);
        auto body = list.json();
        CHECK(num(body["total"]) == 2);
        CHECK(keys(body["results"][0]) == std::string(kContractDumpKeys) + ",asset_fqn");
        CHECK(str(body["results"][0], "id") == v2);
        CHECK(str(body["results"][0], "asset_fqn").find("warehouse.") == 0);
        CHECK(num(http.get("/api/v1/contracts?asset_id=" + p.asset + "&status=deprecated")
                      .json()["total"]) == 1);
        // `total` counts every filter (spec 02 §11 B7).
        auto byVersion = http.get("/api/v1/contracts?asset_id=" + p.asset + "&version=.5").json();
        CHECK(num(byVersion["total"]) == 1);
        CHECK(str(byVersion["results"][0], "id") == v2);
        CHECK(http.get("/api/v1/contracts?status=gone").status == 422);
        CHECK(http.get("/api/v1/contracts?asset_id=nope").status == 422);
    }
    SECTION("GET /contracts/{id}: ContractEntity spells the key `schema`") {
        auto got = http.get("/api/v1/contracts/" + p.contract);
        REQUIRE(got.status == 200);
        CHECK(keys(got.json()) ==
              "id,asset_id,version,schema,compatibility_mode,guarantees,status,published_at,"
              "published_by,published_by_user_id");
        CHECK(str(got.json(), "status") == "deprecated");
        auto unknown = http.get("/api/v1/contracts/" + kUnknownId);
        CHECK(unknown.status == 404);
        CHECK(errorCode(unknown.json()) == "CONTRACT_NOT_FOUND");
        CHECK(errorMessage(unknown.json()) == "Contract with ID '" + kUnknownId + "' not found");
        CHECK(str(unknown.json()["error"]["details"], "contract_id") == kUnknownId);
    }
    SECTION("POST /contracts/compare") {
        auto compared =
            http.post("/api/v1/contracts/compare",
                      R"({"contract_id_1":")" + p.contract + R"(","contract_id_2":")" + v2 + "\"}");
        REQUIRE(compared.status == 200);
        auto body = compared.json();
        CHECK(keys(body) ==
              "contract_1,contract_2,change_type,is_compatible,breaking_changes,"
              "all_changes,compatibility_mode");
        CHECK(keys(body["contract_1"]) == "id,version,published_at,asset_id");
        CHECK(str(body["contract_2"], "version") == "1.5.0");
        CHECK(str(body, "change_type") == "minor");
        CHECK(body["is_compatible"].IsTrue());
        CHECK(str(body, "compatibility_mode") == "backward");
        CHECK(str(body["all_changes"][0], "type") == "property_added");

        auto forward = http.post("/api/v1/contracts/compare",
                                 R"({"contract_id_1":")" + p.contract + R"(","contract_id_2":")" +
                                     v2 + R"(","compatibility_mode":"forward"})")
                           .json();
        CHECK(forward["is_compatible"].IsFalse());
        CHECK(str(forward["breaking_changes"][0], "type") == "property_added");

        auto first =
            http.post("/api/v1/contracts/compare",
                      R"({"contract_id_1":")" + kUnknownId + R"(","contract_id_2":")" + v2 + "\"}");
        CHECK(first.status == 404);
        CHECK(errorMessage(first.json()) == "Contract with ID '" + kUnknownId + "' not found");
        auto second =
            http.post("/api/v1/contracts/compare",
                      R"({"contract_id_1":")" + v2 + R"(","contract_id_2":")" + kUnknownId + "\"}");
        CHECK(second.status == 404);
        CHECK(str(second.json()["error"]["details"], "contract_id") == kUnknownId);
        CHECK(http.post("/api/v1/contracts/compare", R"({"contract_id_1":")" + v2 + "\"}").status ==
              422);
    }
    SECTION("GET /contracts/{id}/registrations") {
        registerConsumer(http, p.contract, consumer);
        registerConsumer(http, p.contract, p.team);
        auto list = http.get("/api/v1/contracts/" + p.contract + "/registrations");
        REQUIRE(list.status == 200);
        auto body = list.json();
        CHECK(num(body["total"]) == 2);
        CHECK(keys(body["results"][0]) ==
              "id,contract_id,consumer_team_id,pinned_version,status,"
              "registered_at,acknowledged_at,consumer_team_name");
        CHECK(str(body["results"][1], "consumer_team_name") == consumerName);  // newest first
        auto unknown = http.get("/api/v1/contracts/" + kUnknownId + "/registrations");
        CHECK(unknown.status == 404);
        CHECK(errorCode(unknown.json()) == "CONTRACT_NOT_FOUND");
    }
}
