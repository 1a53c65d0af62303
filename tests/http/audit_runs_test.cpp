// WAP audit runs end to end (spec 04 §2): reporting, history, trends, and the publish gate of
// spec 02 §5.7 reading what was reported. As admin (AUTH_DISABLED) unless a test says otherwise.
#include <string>

#include "core/timestamp.hpp"
#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

const char* kReportKeys =
    "id,asset_id,asset_fqn,contract_id,contract_version,status,guarantees_checked,"
    "guarantees_passed,guarantees_failed,triggered_by,run_id,run_at,guarantee_results";
const char* kResultKeys = "guarantee_id,passed,error_message,rows_checked,rows_failed,metadata";
const char* kHistoryRunKeys =
    "id,status,guarantees_checked,guarantees_passed,guarantees_failed,triggered_by,run_id,run_at,"
    "contract_version,failed_guarantees";
const char* kPeriodKeys = "total_runs,passed,failed,partial,failure_rate,most_failed_guarantees";
const std::string kIdOnly = objectSchema(R"("id":{"type":"integer"})");
const std::string kIdName = objectSchema(R"("id":{"type":"integer"},"name":{"type":"string"})");

std::string runsPath(const std::string& assetId, const std::string& what) {
    return "/api/v1/assets/" + assetId + "/" + what;
}

HttpResult report(const std::string& assetId, const std::string& body) {
    return sharedServer().client().post(runsPath(assetId, "audit-results"), body);
}

// Reports a run and returns its id (expects 200).
std::string reportRun(const std::string& assetId, const std::string& body) {
    auto response = report(assetId, body);
    INFO(response.body);
    REQUIRE(response.status == 200);
    return str(response.json(), "id");
}

// A run reported `hoursAgo` hours before now (negative: in the future).
std::string reportRunAt(const std::string& assetId, const std::string& status, double hoursAgo,
                        const std::string& extraFields = "",
                        const std::string& triggeredBy = "dbt_test") {
    const int64_t at =
        tessera::core::currentEpochMicros() - static_cast<int64_t>(hoursAgo * 3600.0 * 1e6);
    return reportRun(assetId, R"({"status":")" + status + R"(","triggered_by":")" + triggeredBy +
                                  R"(","run_at":")" + tessera::core::formatTimestamp(at) + "\"" +
                                  extraFields + "}");
}

HttpResult history(const std::string& assetId, const std::string& query = "") {
    return sharedServer().client().get(runsPath(assetId, "audit-history") + query);
}

HttpResult trends(const std::string& assetId, const std::string& query = "") {
    return sharedServer().client().get(runsPath(assetId, "audit-trends") + query);
}

// The first 422 item (framework shape).
const rapidjson::Value& firstIssue(const rapidjson::Document& body) {
    REQUIRE(body.HasMember("detail"));
    REQUIRE(body["detail"].Size() >= 1);
    return body["detail"][0];
}

// `loc` joined with dots ("body.guarantee_results.0.metadata").
std::string locOf(const rapidjson::Value& issue) {
    std::string joined;
    for (const auto& part : issue["loc"].GetArray()) {
        if (!joined.empty()) joined += ".";
        joined += part.IsString() ? part.GetString() : std::to_string(part.GetInt64());
    }
    return joined;
}

// {"k": "xxx…"} whose json.dumps length (", " and ": " separators) is exactly `length`.
std::string objectOfLength(size_t length) {
    return R"({"k":")" + std::string(length - 9, 'x') + "\"}";
}

std::string results(int count, const std::string& item) {
    std::string list = "[";
    for (int i = 0; i < count; ++i) list += (i ? "," : "") + item;
    return list + "]";
}

long long runCount(const std::string& assetId) {
    return countRows(sharedServer(), "SELECT count(*) FROM core.audit_runs WHERE asset_id = $1",
                     assetId);
}

}  // namespace

TEST_CASE("report a run: 200, defaults filled, counts auto-filled, details stored",
          "[http][audit_runs]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    const std::string contract = publishContract(http, asset, team, kIdOnly);

    auto response = report(asset, R"({
        "status": "passed", "triggered_by": "dbt_test", "run_id": "inv-1",
        "guarantees_passed": 9, "ignored_field": true,
        "guarantee_results": [
            {"guarantee_id": "not_null_id", "passed": true},
            {"guarantee_id": "unique_id", "passed": false, "error_message": "2 duplicates",
             "rows_checked": 10, "rows_failed": "2", "metadata": {"column": "id"}}],
        "details": {"note": "nightly", "guarantee_results": "the client's own value"}})");
    INFO(response.body);
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(keys(body) == kReportKeys);
    CHECK(str(body, "asset_id") == asset);
    CHECK(str(body, "contract_id") == contract);
    CHECK(str(body, "contract_version") == "1.0.0");
    // The client's status is stored verbatim; results and checked == 0: counts come from them.
    CHECK(str(body, "status") == "passed");
    CHECK(num(body["guarantees_checked"]) == 2);
    CHECK(num(body["guarantees_passed"]) == 1);
    CHECK(num(body["guarantees_failed"]) == 1);
    CHECK(str(body, "triggered_by") == "dbt_test");
    CHECK(str(body, "run_id") == "inv-1");
    CHECK(str(body, "run_at").back() == 'Z');
    REQUIRE(body["guarantee_results"].Size() == 2);
    const auto& first = body["guarantee_results"][0];
    CHECK(keys(first) == kResultKeys);
    CHECK(first["error_message"].IsNull());
    CHECK(first["rows_checked"].IsNull());
    CHECK(first["metadata"].ObjectEmpty());
    const auto& second = body["guarantee_results"][1];
    CHECK(num(second["rows_failed"]) == 2);  // "2" coerced
    CHECK(str(second["metadata"], "column") == "id");

    // Stored: the client's details with guarantee_results replaced by the full list.
    const std::string id = str(body, "id");
    CHECK(countRows(server,
                    "SELECT count(*) FROM core.audit_runs WHERE id = $1 AND asset_id = $2"
                    " AND contract_id = $3 AND details->>'note' = 'nightly'"
                    " AND jsonb_array_length(details->'guarantee_results') = 2"
                    " AND details->'guarantee_results'->1->>'error_message' = '2 duplicates'"
                    " AND details->'guarantee_results'->0->'rows_failed' = 'null'::jsonb",
                    id, asset, contract) == 1);
    // One audit event per report.
    CHECK(countRows(server,
                    "SELECT count(*) FROM audit.events WHERE entity_type = 'audit_run'"
                    " AND entity_id = $1 AND action = 'audit_run.reported'"
                    " AND payload->>'asset_id' = $2 AND payload->>'status' = 'passed'",
                    id, asset) == 1);
}

TEST_CASE("report a run: counts as given, no contract, client run_at and details",
          "[http][audit_runs]") {
    auto& server = sharedServer();
    const auto& http = server.client();
    const std::string asset = createTestAsset(http, createTestTeam(http));

    // Without results the counts are stored as given, status unchecked against them.
    auto plain = report(asset, R"({"status":"passed","triggered_by":"manual",
        "guarantees_checked":3,"guarantees_passed":1,"guarantees_failed":2,
        "run_at":"2024-01-02T03:04:05.5+02:00","details":{"guarantee_results":[{"passed":false}]}})");
    INFO(plain.body);
    REQUIRE(plain.status == 200);
    auto body = plain.json();
    CHECK(body["contract_id"].IsNull());
    CHECK(body["contract_version"].IsNull());
    CHECK(body["run_id"].IsNull());
    CHECK(num(body["guarantees_checked"]) == 3);
    CHECK(num(body["guarantees_passed"]) == 1);
    CHECK(num(body["guarantees_failed"]) == 2);
    CHECK(str(body, "run_at") == "2024-01-02T01:04:05.500000Z");
    CHECK(body["guarantee_results"].Size() == 0);
    // The client's own guarantee_results key is kept when no results are sent.
    CHECK(countRows(server,
                    "SELECT count(*) FROM core.audit_runs WHERE id = $1"
                    " AND details = '{\"guarantee_results\":[{\"passed\":false}]}'::jsonb",
                    str(body, "id")) == 1);

    // With results but checked != 0 the counts are not touched either.
    auto kept = report(asset, R"({"status":"failed","triggered_by":"soda","guarantees_checked":7,
        "guarantee_results":[{"guarantee_id":"a","passed":false}]})");
    REQUIRE(kept.status == 200);
    CHECK(num(kept.json()["guarantees_checked"]) == 7);
    CHECK(num(kept.json()["guarantees_passed"]) == 0);
    CHECK(num(kept.json()["guarantees_failed"]) == 0);
}

TEST_CASE("report validation: 422 in the request-validation shape, nothing stored",
          "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string asset = createTestAsset(http, createTestTeam(http));
    auto expectIssue = [&](const std::string& body, const std::string& type,
                           const std::string& loc) {
        auto response = report(asset, body);
        INFO(body << " -> " << response.body);
        REQUIRE(response.status == 422);
        const auto document = response.json();
        const auto& issue = firstIssue(document);
        CHECK(str(issue, "type") == type);
        CHECK(locOf(issue) == loc);
    };

    CHECK(http.post(runsPath(asset, "audit-results"), "").status == 422);
    {
        auto response = report(asset, "{}");
        REQUIRE(response.status == 422);
        auto body = response.json();
        REQUIRE(body["detail"].Size() == 2);
        CHECK(locOf(body["detail"][0]) == "body.status");
        CHECK(locOf(body["detail"][1]) == "body.triggered_by");
        CHECK(str(body["detail"][0], "type") == "missing");
    }
    {
        auto response = report(asset, R"({"status":"ok","triggered_by":"x"})");
        REQUIRE(response.status == 422);
        auto body = response.json();
        CHECK(str(firstIssue(body), "type") == "enum");
        CHECK(str(firstIssue(body), "msg") == "Input should be 'passed', 'failed' or 'partial'");
    }
    expectIssue(R"({"status":"PASSED","triggered_by":"x"})", "enum", "body.status");
    expectIssue(R"({"status":"passed","triggered_by":")" + std::string(51, 't') + "\"}",
                "string_too_long", "body.triggered_by");
    expectIssue(R"({"status":"passed","triggered_by":5})", "string_type", "body.triggered_by");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantees_checked":-1})",
                "greater_than_equal", "body.guarantees_checked");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantees_failed":1.5})",
                "int_from_float", "body.guarantees_failed");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantees_passed":3000000000})",
                "less_than_equal", "body.guarantees_passed");
    expectIssue(
        R"({"status":"passed","triggered_by":"x","run_id":")" + std::string(256, 'r') + "\"}",
        "string_too_long", "body.run_id");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":{}})", "list_type",
                "body.guarantee_results");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":[5]})",
                "model_attributes_type", "body.guarantee_results.0");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":[{"passed":true}]})",
                "missing", "body.guarantee_results.0.guarantee_id");
    expectIssue(
        R"({"status":"passed","triggered_by":"x","guarantee_results":[{"guarantee_id":"a"}]})",
        "missing", "body.guarantee_results.0.passed");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":
                   [{"guarantee_id":"a","passed":true},{"guarantee_id":"b","passed":"maybe"}]})",
                "bool_parsing", "body.guarantee_results.1.passed");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":
                   [{"guarantee_id":"a","passed":true,"rows_failed":-1}]})",
                "greater_than_equal", "body.guarantee_results.0.rows_failed");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":
                   [{"guarantee_id":"a","passed":true,"metadata":[]}]})",
                "dict_type", "body.guarantee_results.0.metadata");
    expectIssue(R"({"status":"passed","triggered_by":"x","guarantee_results":
                   [{"guarantee_id":"a","passed":true,"error_message":")" +
                    std::string(2001, 'e') + "\"}]}",
                "string_too_long", "body.guarantee_results.0.error_message");
    expectIssue(R"({"status":"passed","triggered_by":"x","details":null})", "dict_type",
                "body.details");
    expectIssue(R"({"status":"passed","triggered_by":"x","run_at":"yesterday"})",
                "datetime_from_date_parsing", "body.run_at");
    CHECK(runCount(asset) == 0);

    auto badPath = http.post("/api/v1/assets/not-a-uuid/audit-results", "{}");
    REQUIRE(badPath.status == 422);
    CHECK(locOf(firstIssue(badPath.json())) == "path.asset_id");
}

TEST_CASE("report size limits: 10 KB metadata, 100 KB details, 1000 results",
          "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string asset = createTestAsset(http, createTestTeam(http));
    auto withMetadata = [](const std::string& metadata) {
        return R"({"status":"passed","triggered_by":"x","guarantee_results":[{"guarantee_id":"a",)"
               R"("passed":true,"metadata":)" +
               metadata + "}]}";
    };
    auto withDetails = [](const std::string& details) {
        return R"({"status":"passed","triggered_by":"x","details":)" + details + "}";
    };

    CHECK(report(asset, withMetadata(objectOfLength(10240))).status == 200);
    {
        auto response = report(asset, withMetadata(objectOfLength(10241)));
        REQUIRE(response.status == 422);
        auto body = response.json();
        const auto& issue = firstIssue(body);
        CHECK(str(issue, "type") == "value_error");
        CHECK(locOf(issue) == "body.guarantee_results.0.metadata");
        CHECK(str(issue, "msg") ==
              "Value error, metadata exceeds maximum size of 10240 bytes (got 10241 bytes)");
    }
    // Sizes count json.dumps characters: spaces after separators, \uXXXX for non-ASCII.
    {
        const std::string accented = R"({"k":")" + std::string(10240 - 9 - 6, 'x') + "é\"}";
        CHECK(report(asset, withMetadata(accented)).status == 200);
        const std::string over = R"({"k":")" + std::string(10240 - 9 - 5, 'x') + "é\"}";
        auto response = report(asset, withMetadata(over));
        REQUIRE(response.status == 422);
        CHECK(str(firstIssue(response.json()), "msg") ==
              "Value error, metadata exceeds maximum size of 10240 bytes (got 10241 bytes)");
    }

    CHECK(report(asset, withDetails(objectOfLength(102400))).status == 200);
    {
        auto response = report(asset, withDetails(objectOfLength(102401)));
        REQUIRE(response.status == 422);
        auto body = response.json();
        const auto& issue = firstIssue(body);
        CHECK(locOf(issue) == "body.details");
        CHECK(str(issue, "msg") ==
              "Value error, details exceeds maximum size of 102400 bytes (got 102401 bytes)");
    }

    const std::string item = R"({"guarantee_id":"g","passed":false})";
    {
        auto response =
            report(asset, R"({"status":"failed","triggered_by":"x","guarantee_results":)" +
                              results(1000, item) + "}");
        REQUIRE(response.status == 200);
        CHECK(num(response.json()["guarantees_checked"]) == 1000);
        CHECK(num(response.json()["guarantees_failed"]) == 1000);
    }
    {
        auto response =
            report(asset, R"({"status":"failed","triggered_by":"x","guarantee_results":)" +
                              results(1001, item) + "}");
        REQUIRE(response.status == 422);
        auto body = response.json();
        REQUIRE(body["detail"].Size() == 1);
        CHECK(locOf(firstIssue(body)) == "body.guarantee_results");
        CHECK(str(firstIssue(body), "msg") ==
              "Value error, guarantee_results exceeds maximum count of 1000 (got 1001)");
    }
    CHECK(runCount(asset) == 4);
}

TEST_CASE("missing or soft-deleted asset: 404 on all three endpoints", "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string deleted = createTestAsset(http, team);
    REQUIRE(http.del("/api/v1/assets/" + deleted).status == 204);
    const std::string unknown = "00000000-0000-4000-8000-000000000001";
    const std::string body = R"({"status":"passed","triggered_by":"x"})";
    for (const std::string& asset : {deleted, unknown}) {
        for (const auto& response : {report(asset, body), history(asset), trends(asset)}) {
            INFO(asset << " " << response.body);
            CHECK(response.status == 404);
            CHECK(errorCode(response.json()) == "NOT_FOUND");
            CHECK(errorMessage(response.json()) == "Asset " + asset + " not found");
        }
    }
    CHECK(runCount(deleted) == 0);
    // Validation comes first: a bad body on an unknown asset is a 422.
    CHECK(report(unknown, R"({"status":"nope","triggered_by":"x"})").status == 422);
}

TEST_CASE("history: newest first, filters, limit, failed guarantees, contract versions",
          "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    publishContract(http, asset, team, kIdOnly);

    const std::string older = reportRunAt(asset, "partial", 48, R"(,"details":{"guarantee_results":[
            {"passed":false},{"guarantee_id":"kept"},{"guarantee_id":"z","passed":0}]})",
                                          "soda");
    const std::string first = reportRunAt(asset, "failed", 2, R"(,"guarantee_results":[
        {"guarantee_id":"b","passed":false},{"guarantee_id":"ok","passed":true},
        {"guarantee_id":"a","passed":false}])");
    // A compatible change: 1.1.0 becomes active, 1.0.0 deprecated.
    publishContract(http, asset, team, kIdName);
    const std::string newest = reportRunAt(asset, "passed", 1, R"(,"run_id":"r-9")", "manual");

    auto response = history(asset);
    INFO(response.body);
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(keys(body) == "asset_id,asset_fqn,total_runs,runs");
    CHECK(str(body, "asset_id") == asset);
    CHECK(num(body["total_runs"]) == 3);
    const auto& runs = body["runs"];
    REQUIRE(runs.Size() == 3);
    CHECK(keys(runs[0]) == kHistoryRunKeys);
    CHECK(str(runs[0], "id") == newest);
    CHECK(str(runs[1], "id") == first);
    CHECK(str(runs[2], "id") == older);
    CHECK(str(runs[0], "contract_version") == "1.1.0");
    CHECK(str(runs[1], "contract_version") == "1.0.0");  // deprecated since, still named
    CHECK(str(runs[0], "run_id") == "r-9");
    CHECK(runs[0]["failed_guarantees"].Size() == 0);
    REQUIRE(runs[1]["failed_guarantees"].Size() == 2);
    CHECK(text(runs[1]["failed_guarantees"][0]) == "b");
    CHECK(text(runs[1]["failed_guarantees"][1]) == "a");
    // Client-written list: a missing id is "unknown", a missing `passed` counts as passed.
    REQUIRE(runs[2]["failed_guarantees"].Size() == 2);
    CHECK(text(runs[2]["failed_guarantees"][0]) == "unknown");
    CHECK(text(runs[2]["failed_guarantees"][1]) == "z");

    auto filtered = history(asset, "?triggered_by=manual").json();
    CHECK(num(filtered["total_runs"]) == 1);
    CHECK(str(filtered["runs"][0], "id") == newest);
    auto byStatus = history(asset, "?status=failed").json();
    CHECK(num(byStatus["total_runs"]) == 1);
    CHECK(str(byStatus["runs"][0], "id") == first);
    CHECK(num(history(asset, "?status=failed&triggered_by=manual").json()["total_runs"]) == 0);
    CHECK(num(history(asset, "?triggered_by=").json()["total_runs"]) == 3);  // empty: no filter
    auto limited = history(asset, "?limit=1").json();
    CHECK(num(limited["total_runs"]) == 3);  // ignores the limit
    REQUIRE(limited["runs"].Size() == 1);
    CHECK(str(limited["runs"][0], "id") == newest);
    CHECK(history(asset, "?limit=500").status == 200);
    CHECK(history(asset, "?offset=1").json()["runs"].Size() == 3);  // there is no offset

    for (const std::string query :
         {"?limit=0", "?limit=501", "?limit=x", "?status=bogus", "?status="}) {
        INFO(query);
        CHECK(history(asset, query).status == 422);
    }
    auto badStatus = history(asset, "?status=PASSED").json();
    CHECK(str(firstIssue(badStatus), "type") == "enum");
    CHECK(locOf(firstIssue(badStatus)) == "query.status");
}

TEST_CASE("trends: windows, failure rates, most failed guarantees, all four alerts",
          "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string asset = createTestAsset(http, createTestTeam(http));
    const std::string fresh = R"(,"guarantee_results":[{"guarantee_id":"fresh","passed":false},
        {"guarantee_id":"stale","passed":false}])";
    for (int i = 0; i < 10; ++i) reportRunAt(asset, "passed", 24 * 10 + i);
    reportRunAt(asset, "failed", 24 * 40);  // outside every window
    std::string newest;
    for (int i = 5; i >= 1; --i) newest = reportRunAt(asset, "failed", i, fresh);

    auto response = trends(asset, "?days=90");  // parameters are ignored
    INFO(response.body);
    REQUIRE(response.status == 200);
    auto body = response.json();
    CHECK(keys(body) == "asset_id,asset_fqn,last_run,last_24h,last_7d,last_30d,alerts");
    CHECK(keys(body["last_run"]) == "id,status,run_at,triggered_by,guarantees_failed");
    CHECK(str(body["last_run"], "id") == newest);
    CHECK(str(body["last_run"], "status") == "failed");
    const std::string runAt = str(body["last_run"], "run_at");
    CHECK(runAt.substr(runAt.size() - 6) == "+00:00");
    CHECK(num(body["last_run"]["guarantees_failed"]) == 2);

    CHECK(keys(body["last_24h"]) == kPeriodKeys);
    CHECK(num(body["last_24h"]["total_runs"]) == 5);
    CHECK(num(body["last_24h"]["failed"]) == 5);
    CHECK(num(body["last_7d"]["total_runs"]) == 5);
    CHECK(num(body["last_30d"]["total_runs"]) == 15);
    CHECK(num(body["last_30d"]["passed"]) == 10);
    CHECK(num(body["last_30d"]["partial"]) == 0);
    // Python's float text: 1.0, 0.3333333333333333.
    CHECK(response.body.find(R"("failure_rate":1.0,)") != std::string::npos);
    CHECK(response.body.find(R"("failure_rate":0.3333333333333333,)") != std::string::npos);
    const auto& top = body["last_7d"]["most_failed_guarantees"];
    REQUIRE(top.Size() == 2);
    CHECK(keys(top[0]) == "guarantee_id,failure_count");
    CHECK(str(top[0], "guarantee_id") == "fresh");
    CHECK(num(top[0]["failure_count"]) == 5);
    CHECK(str(top[1], "guarantee_id") == "stale");

    const auto& alerts = body["alerts"];
    REQUIRE(alerts.Size() == 4);
    CHECK(text(alerts[0]) == "High failure rate in last 24h: 100% (5/5 runs failed)");
    CHECK(text(alerts[1]) == "Failure rate trending up: 100% (7d) vs 33% (30d)");
    CHECK(text(alerts[2]) == "Guarantee 'fresh' failed 5 times in last 7 days");
    CHECK(text(alerts[3]) == "Most recent audit run failed");
}

TEST_CASE("trends: no runs, partial rates, future-dated runs", "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string asset = createTestAsset(http, createTestTeam(http));
    auto empty = trends(asset);
    REQUIRE(empty.status == 200);
    auto body = empty.json();
    CHECK(body["last_run"].IsNull());
    CHECK(num(body["last_30d"]["total_runs"]) == 0);
    CHECK(empty.body.find(R"("failure_rate":0.0,)") != std::string::npos);
    CHECK(body["alerts"].Size() == 0);

    // 3 of 4 in the last day failed or partial: 75%; the newest run is in the future.
    reportRunAt(asset, "failed", 3);
    reportRunAt(asset, "partial", 2);
    reportRunAt(asset, "passed", 1);
    const std::string future = reportRunAt(asset, "partial", -2);
    auto response = trends(asset);
    REQUIRE(response.status == 200);
    body = response.json();
    CHECK(str(body["last_run"], "id") == future);
    CHECK(num(body["last_24h"]["total_runs"]) == 4);
    CHECK(num(body["last_24h"]["partial"]) == 2);
    CHECK(response.body.find(R"("failure_rate":0.75,)") != std::string::npos);
    REQUIRE(body["alerts"].Size() == 1);  // the newest is partial, not failed
    CHECK(text(body["alerts"][0]) == "High failure rate in last 24h: 75% (3/4 runs failed)");
}

TEST_CASE("publishing with require_audit_pass reads the reported runs", "[http][audit_runs]") {
    const auto& http = sharedServer().client();
    const std::string team = createTestTeam(http);
    const std::string asset = createTestAsset(http, team);
    auto publishRequiringPass = [&] {
        return publish(http, asset, team, kIdOnly, "", "&require_audit_pass=true");
    };

    reportRunAt(asset, "passed", 2);
    reportRunAt(asset, "failed", 1,
                R"(,"guarantee_results":[{"guarantee_id":"g","passed":false}])");
    auto refused = publishRequiringPass();
    REQUIRE(refused.status == 412);
    CHECK(errorCode(refused.json()) == "AUDIT_FAILED");
    CHECK(errorMessage(refused.json()) ==
          "Most recent audit failed. Cannot publish with require_audit_pass=True.");
    CHECK(num(refused.json()["error"]["details"]["guarantees_failed"]) == 1);

    // A backdated report does not become the latest run.
    reportRunAt(asset, "passed", 3);
    CHECK(publishRequiringPass().status == 412);

    reportRunAt(asset, "passed", 0.5);
    auto published = publishRequiringPass();
    INFO(published.body);
    CHECK(published.status == 201);
}

TEST_CASE("audit-run endpoints need any valid credential, no scope", "[http][audit_runs][auth]") {
    SecuredServer secured;
    const auto& http = secured.http();
    const std::string team = secured.createTeam("wap");
    const std::string noScopes = secured.createKey(team, "[]");
    const std::string writer = secured.createKey(team, R"(["write"])");
    auto asset = http.post("/api/v1/assets",
                           R"({"fqn":"wh.wap.t","owner_team_id":")" + team + "\"}", bearer(writer));
    REQUIRE(asset.status == 201);
    const std::string assetId = str(asset.json(), "id");
    const std::string body = R"({"status":"passed","triggered_by":"ci"})";

    CHECK(http.post(runsPath(assetId, "audit-results"), body).status == 401);
    CHECK(http.get(runsPath(assetId, "audit-history")).status == 401);
    // 401 wins over 422.
    CHECK(http.post(runsPath(assetId, "audit-results"), "{}").status == 401);

    auto reported = http.post(runsPath(assetId, "audit-results"), body, bearer(noScopes));
    INFO(reported.body);
    CHECK(reported.status == 200);
    CHECK(http.get(runsPath(assetId, "audit-history"), bearer(noScopes)).status == 200);
    CHECK(http.get(runsPath(assetId, "audit-trends"), bearer(noScopes)).status == 200);
    // The acting team is the event's actor.
    CHECK(countRows(secured.server(),
                    "SELECT count(*) FROM audit.events WHERE action = 'audit_run.reported'"
                    " AND entity_id = $1 AND actor_id = $2",
                    str(reported.json(), "id"), team) == 1);
}
