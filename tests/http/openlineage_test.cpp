// POST /api/v1/lineage over HTTP against Postgres (issue 20): OpenLineage's sample events become
// assets, metadata and `transforms` edges; the same event twice changes nothing; a job's latest
// COMPLETE run decides its edges; invalid events and batches write nothing.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/shared_data.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// Its own database: the sample events use fixed names. Datasets of `my-datasource-namespace`
// land in the staging environment, all others in production (DEFAULT_ENVIRONMENT).
TestServer& lineageServer() {
    static TestServer server(
        Env{{"AUTH_DISABLED", "true"},
            {"OPENLINEAGE_ENVIRONMENTS", R"({"my-datasource-namespace":"staging"})"}});
    return server;
}

// The first team is who AUTH_DISABLED acts as: it owns what the ingest creates.
const std::string& ownerTeam() {
    static const std::string team = createTestTeam(lineageServer().client());
    return team;
}

HttpResult post(const std::string& body) {
    ownerTeam();
    return lineageServer().client().post("/api/v1/lineage", body);
}

HttpResult postShared(const std::string& file) {
    return post(sharedFile("openlineage/events/" + file));
}

template <typename... Args>
long long scalar(const std::string& sql, Args&&... args) {
    return countRows(lineageServer(), sql, std::forward<Args>(args)...);
}

std::string assetId(const std::string& fqn, const std::string& environment = "production") {
    pqxx::connection connection(lineageServer().databaseUrl());
    pqxx::nontransaction query(connection);
    const auto rows = query.exec_params(
        "SELECT id::text FROM core.assets WHERE fqn = $1 AND environment = $2", fqn, environment);
    REQUIRE(rows.size() == 1);
    return rows.begin()->begin()->as<std::string>();
}

// The asset's metadata equals `expected` as jsonb (which orders keys its own way).
bool metadataIs(const std::string& id, const std::string& expected) {
    if (scalar("SELECT count(*) FROM core.assets WHERE id = $1::uuid AND metadata = $2::jsonb", id,
               expected) == 1) {
        return true;
    }
    pqxx::connection connection(lineageServer().databaseUrl());
    pqxx::nontransaction query(connection);
    const auto rows =
        query.exec_params("SELECT metadata::text FROM core.assets WHERE id = $1::uuid", id);
    FAIL_CHECK("metadata: " << (rows.empty() ? "no asset" : rows.begin()->begin()->c_str()));
    return false;
}

bool hasEdge(const std::string& dependent, const std::string& dependency,
             const std::string& type = "transforms") {
    return scalar(
               "SELECT count(*) FROM core.dependencies WHERE dependent_asset_id = $1::uuid"
               " AND dependency_asset_id = $2::uuid AND dependency_type = $3",
               dependent, dependency, type) == 1;
}

// What a write leaves behind anywhere: rows of assets, edges, audit events, and the generation.
std::string footprint() {
    return std::to_string(scalar("SELECT count(*) FROM core.assets")) + "/" +
           std::to_string(scalar("SELECT count(*) FROM core.dependencies")) + "/" +
           std::to_string(scalar("SELECT count(*) FROM audit.events")) + "/" +
           std::to_string(scalar("SELECT count(*) FROM core.openlineage_job_edges")) + "/" +
           std::to_string(scalar("SELECT generation FROM core.graph_state"));
}

// "fqn@depth" downstream of the asset, from the index.
std::string downstream(const std::string& id) {
    return downstreamListing(lineageServer().client(), id);
}

// A RunEvent of job `job` at `time` reading `inputs` into `outputs` (names in namespace "wh").
std::string runEvent(const std::string& job, const std::string& type, const std::string& time,
                     const std::vector<std::string>& inputs,
                     const std::vector<std::string>& outputs) {
    const auto list = [](const std::vector<std::string>& names) {
        std::string out;
        for (const auto& name : names) {
            out += (out.empty() ? "" : ",") + std::string(R"({"namespace":"wh","name":")") + name +
                   "\"}";
        }
        return "[" + out + "]";
    };
    return R"({"eventType":")" + type + R"(","eventTime":")" + time +
           R"(","run":{"runId":"0190c6a2-3a4b-7c8d-9e0f-)" + std::string("1234567890ab") +
           R"("},"job":{"namespace":"sched","name":")" + job + R"("},"inputs":)" + list(inputs) +
           R"(,"outputs":)" + list(outputs) + R"(,"producer":"test","schemaURL":"u"})";
}

}  // namespace

TEST_CASE("OpenLineage's sample events become assets and edges", "[http][openlineage]") {
    auto response = postShared("event_simple.json");
    CHECK(response.status == 201);
    CHECK(response.body.empty());

    const std::string out = assetId("my_datasource_namespace.instance.schema.output_1", "staging");
    const std::string in1 = assetId("my_datasource_namespace.instance.schema.input_1", "staging");
    const std::string in2 = assetId("my_datasource_namespace.instance.schema.input_2", "staging");
    CHECK(metadataIs(
        in1,
        R"({"openlineage":{"name":"instance.schema.input-1","namespace":"my-datasource-namespace"}})"));
    CHECK(scalar("SELECT count(*) FROM core.assets WHERE id = ANY($1::uuid[])"
                 " AND owner_team_id = $2::uuid",
                 "{" + out + "," + in1 + "," + in2 + "}", ownerTeam()) == 3);
    CHECK(hasEdge(out, in1));
    CHECK(hasEdge(out, in2));
    CHECK(scalar("SELECT count(*) FROM core.dependencies WHERE dependent_asset_id = $1::uuid"
                 " AND sync_source = 'openlineage'",
                 out) == 2);
    CHECK(scalar("SELECT count(*) FROM audit.events WHERE action = 'dependency.created'"
                 " AND payload->>'dependent_asset_id' = $1",
                 out) == 2);
    CHECK(downstream(in1) == "my_datasource_namespace.instance.schema.output_1@1");

    SECTION("the same event twice changes nothing") {
        const std::string before = footprint();
        CHECK(postShared("event_simple.json").status == 201);
        CHECK(footprint() == before);
    }
    SECTION("JobEvent and DatasetEvent (spec 2-0-x), schema facets as columns") {
        REQUIRE(postShared("serde_example_job_event.json").status == 201);
        const std::string a = assetId("openlineage.dataset_a");
        const std::string b = assetId("openlineage.dataset_b");
        CHECK(hasEdge(b, a));
        CHECK(metadataIs(b, R"({"columns":{"a":{"data_type":"string","description":""}},)"
                            R"("openlineage":{"name":"dataset_b","namespace":"openlineage"}})"));
        REQUIRE(postShared("serde_example_dataset_event.json").status == 201);
        CHECK(metadataIs(assetId("openlineage.name"),
                         R"({"columns":{"a":{"data_type":"string","description":""},)"
                         R"("b":{"data_type":"string","description":""}},)"
                         R"("openlineage":{"name":"name","namespace":"openlineage"}})"));
    }
    SECTION("the full events: documentation, custom facets kept out, no edge to itself") {
        const std::string before = std::to_string(scalar("SELECT count(*) FROM core.dependencies"));
        REQUIRE(postShared("event_full.json").status == 201);
        REQUIRE(postShared("example_full_event.json").status == 201);
        const std::string table =
            assetId("my_datasource_namespace.instance.schema.table", "staging");
        CHECK(metadataIs(
            table,
            R"({"columns":{"column1":{"data_type":"VARCHAR","description":"string"}},)"
            R"("description":"canonical representation of entity Foo",)"
            R"("openlineage":{"name":"instance.schema.table","namespace":"my-datasource-namespace"}})"));
        CHECK(std::to_string(scalar("SELECT count(*) FROM core.dependencies")) == before);
        REQUIRE(postShared("simple_run_event/events/simple_run_event.json").status == 201);
        CHECK(hasEdge(assetId("bigquery.test.table.output"), assetId("bigquery.test.table.input")));
        REQUIRE(postShared("serde_example_run_event.json").status == 201);  // no datasets
    }
}

TEST_CASE("ownership and documentation fill the metadata; a stored asset keeps its own",
          "[http][openlineage]") {
    const auto& http = lineageServer().client();
    ownerTeam();
    const std::string other = createTestTeam(http);
    const std::string fqn = uniqueFqn("pg");
    const std::string dot = fqn.substr(0, fqn.find('.'));
    auto created = postAsset(http, other, fqn, R"(,"metadata":{"keep":1,"description":"old"})");
    REQUIRE(created.status == 201);
    const std::string id = str(created.json(), "id");
    const std::string event =
        R"({"eventTime":"2024-05-01T10:00:00Z","producer":"p","schemaURL":"u","dataset":{"namespace":")" +
        dot + R"(","name":")" + fqn.substr(dot.size() + 1) +
        R"(","facets":{"ownership":{"owners":[{"name":"team:finance","type":"TEAM"},{"name":"ann"}]},)"
        R"("documentation":{"description":"Orders, one row each"},"custom_x":{"y":[1]}}}})";
    REQUIRE(post(event).status == 201);
    CHECK(metadataIs(
        id,
        R"({"description":"Orders, one row each","keep":1,)"
        R"("openlineage":{"name":")" +
            fqn.substr(dot.size() + 1) + R"(","namespace":")" + dot +
            R"("},"owners":[{"name":"team:finance","type":"TEAM"},{"name":"ann","type":null}]})"));
    // Adopted, not re-owned.
    CHECK(
        scalar("SELECT count(*) FROM core.assets WHERE id = $1::uuid AND owner_team_id = $2::uuid",
               id, other) == 1);
}

TEST_CASE("a job's latest COMPLETE run decides its edges", "[http][openlineage]") {
    const std::string s = uniqueSuffix();
    const std::string a = "a" + s + ".t", b = "b" + s + ".t", c = "c" + s + ".t",
                      x = "x" + s + ".t";
    const std::string job = "job" + s;
    REQUIRE(post(runEvent(job, "START", "2024-05-01T10:00:00Z", {a, b}, {x})).status == 201);
    const std::string ida = assetId("wh." + a), idb = assetId("wh." + b), idx = assetId("wh." + x);
    CHECK(hasEdge(idx, ida));
    CHECK(hasEdge(idx, idb));

    // Another job also reads a into x; an edge x ← c is made by hand.
    REQUIRE(post(runEvent("other" + s, "RUNNING", "2024-05-01T10:00:00Z", {a}, {x})).status == 201);
    REQUIRE(post(runEvent("seed" + s, "OTHER", "2024-05-01T10:00:00Z", {c}, {})).status == 201);
    const std::string idc = assetId("wh." + c);
    dependsOn(lineageServer().client(), idx, idc);

    // The run completes reading only c: b goes (only this job read it), a stays (the other job
    // still claims it), c stays (made by hand).
    REQUIRE(post(runEvent(job, "COMPLETE", "2024-05-01T11:00:00Z", {c}, {x})).status == 201);
    CHECK_FALSE(hasEdge(idx, idb));
    CHECK(hasEdge(idx, ida));
    CHECK(hasEdge(idx, idc, "consumes"));
    CHECK(
        scalar("SELECT count(*) FROM audit.events WHERE action = 'dependency.deleted'"
               " AND payload->>'dependent_asset_id' = $1 AND payload->>'dependency_asset_id' = $2",
               idx, idb) == 1);
    CHECK(downstream(idb).empty());

    // An older COMPLETE arriving late changes no edges.
    const std::string before = footprint();
    REQUIRE(post(runEvent(job, "COMPLETE", "2024-05-01T09:00:00Z", {b}, {x})).status == 201);
    CHECK(footprint() == before);
    CHECK_FALSE(hasEdge(idx, idb));

    // The other job's next COMPLETE no longer reads a: nobody claims x ← a.
    REQUIRE(post(runEvent("other" + s, "COMPLETE", "2024-05-01T12:00:00Z", {}, {x})).status == 201);
    CHECK_FALSE(hasEdge(idx, ida));
    CHECK(hasEdge(idx, idc, "consumes"));
}

TEST_CASE("invalid events and batches are refused and write nothing", "[http][openlineage]") {
    ownerTeam();
    const std::string before = footprint();
    const std::pair<const char*, const char*> invalid[] = {
        {"event_no_run_id.json", R"(["body","run","runId"])"},
        {"event_invalid_dataset_facet.json",
         R"(["body","outputs",0,"facets","ownership","owners",0,"name"])"},
        {"event_invalid_job_facet.json",
         R"(["body","job","facets","ownership","owners",0,"name"])"},
        {"event_invalid_input_dataset_facet.json",
         R"(["body","inputs",0,"inputFacets","dataQualityMetrics","columnMetrics"])"},
        {"event_invalid_output_dataset_facet.json",
         R"(["body","outputs",0,"outputFacets","outputStatistics","rowCount"])"},
        {"event_invalid_run_facet.json", R"(["body","run","facets","parent","run","runId"])"},
    };
    for (const auto& [file, loc] : invalid) {
        INFO(file);
        auto response = postShared(file);
        CHECK(response.status == 422);
        const auto body = response.json();
        REQUIRE(body.HasMember("detail"));
        CHECK(tessera::core::toJson(body["detail"][0]["loc"]) == loc);
    }
    const std::string valid =
        runEvent("batch", "START", "2024-05-01T10:00:00Z", {"in_batch.t"}, {"out_batch.t"});
    auto batch = post("[" + valid + R"(,{"eventTime":"not a time","run":{"runId":"x"}}])");
    CHECK(batch.status == 422);
    CHECK(batch.body.find(R"("loc":["body",1,"eventTime"])") != std::string::npos);
    CHECK(post(R"({"eventTime":"2024-05-01T10:00:00Z","producer":"p","schemaURL":"u",)"
               R"("dataset":{"namespace":"n","name":")" +
               std::string(1000, 'x') + R"("}})")
              .status == 422);
    CHECK(lineageServer().client().post("/api/v1/lineage", "").status == 422);
    CHECK(post("[1,2]").status == 422);
    CHECK(footprint() == before);

    // The valid event alone, and a batch of two, are taken.
    CHECK(post("[" + valid + "," + valid + "]").status == 201);
    CHECK(hasEdge(assetId("wh.out_batch.t"), assetId("wh.in_batch.t")));
}

namespace {

// An event of job `job` reading `inputs` (JSON datasets) into one output whose facets are
// `outputFacets` (JSON members).
std::string lineageEvent(const std::string& job, const std::string& inputs,
                         const std::string& outputNs, const std::string& outputName,
                         const std::string& outputFacets) {
    return R"({"eventType":"COMPLETE","eventTime":"2024-05-01T10:00:00Z","run":{"runId":"r"},)"
           R"("job":{"namespace":"sched","name":")" +
           job + R"("},"inputs":)" + inputs + R"(,"outputs":[{"namespace":")" + outputNs +
           R"(","name":")" + outputName + R"(","facets":{)" + outputFacets +
           R"(}}],"producer":"p","schemaURL":"u"})";
}

// The facet example's members without its outer braces.
std::string facetMembers(const std::string& file) {
    const std::string text =
        sharedFile("openlineage/facet_examples/ColumnLineageDatasetFacet/" + file);
    return text.substr(text.find('{') + 1, text.rfind('}') - text.find('{') - 1);
}

std::string mappingsOf(const std::string& dependent, const std::string& dependency) {
    auto response =
        lineageServer().client().get("/api/v1/assets/" + dependent + "/dependencies?limit=100");
    REQUIRE(response.status == 200);
    const auto page = response.json();  // the loop must not outlive the parsed body
    for (const auto& edge : page["results"].GetArray()) {
        if (str(edge, "dependency_asset_id") != dependency) continue;
        if (!edge.HasMember("column_mappings")) return "<none>";
        return tessera::core::toJson(edge["column_mappings"]);
    }
    return "<no edge>";
}

}  // namespace

TEST_CASE("a late COMPLETE keeps the newer run's mappings and columns; a deleted edge returns",
          "[http][openlineage]") {
    const std::string s = uniqueSuffix();
    const std::string in = "li" + s + ".t", out = "lo" + s + ".t", job = "late" + s;
    // COMPLETE at `time` reading `in`; its output has `column` ← in.`source` and that column.
    const auto event = [&](const std::string& time, const std::string& column,
                           const std::string& source) {
        return R"({"eventType":"COMPLETE","eventTime":")" + time +
               R"(","run":{"runId":"0190c6a2-3a4b-7c8d-9e0f-1234567890ab"},)"
               R"("job":{"namespace":"sched","name":")" +
               job + R"("},"inputs":[{"namespace":"wh","name":")" + in +
               R"("}],"outputs":[{"namespace":"wh","name":")" + out +
               R"(","facets":{"schema":{"_producer":"p","_schemaURL":"u","fields":[{"name":")" +
               column +
               R"(","type":"INT"}]},"columnLineage":{"_producer":"p","_schemaURL":"u",)"
               R"("fields":{")" +
               column + R"(":{"inputFields":[{"namespace":"wh","name":")" + in + R"(","field":")" +
               source + R"("}]}}}}}],"producer":"p","schemaURL":"u"})";
    };
    REQUIRE(post(event("2024-06-01T00:00:00Z", "total", "amount")).status == 201);
    const std::string idIn = assetId("wh." + in), idOut = assetId("wh." + out);
    const std::string mappings = mappingsOf(idOut, idIn);
    CHECK(mappings.find(R"("source_column":"amount")") != std::string::npos);
    const auto columnsAre = [&](const std::string& kept, const std::string& absent) {
        return scalar(
                   "SELECT count(*) FROM core.assets WHERE id = $1::uuid"
                   " AND metadata->'columns' ? $2 AND NOT metadata->'columns' ? $3",
                   idOut, kept, absent) == 1;
    };
    CHECK(columnsAre("total", "old"));
    // An older run arriving late changes neither the mappings nor the columns.
    REQUIRE(post(event("2020-01-01T00:00:00Z", "old", "legacy")).status == 201);
    CHECK(mappingsOf(idOut, idIn) == mappings);
    CHECK(columnsAre("total", "old"));

    // The edge deleted through the API comes back with the job's next run.
    auto listed = lineageServer().client().get("/api/v1/assets/" + idOut + "/dependencies");
    REQUIRE(listed.status == 200);
    const auto page = listed.json();
    REQUIRE(page["results"].Size() == 1);
    const std::string edge = str(page["results"][0], "id");
    REQUIRE(
        lineageServer().client().del("/api/v1/assets/" + idOut + "/dependencies/" + edge).status ==
        204);
    CHECK_FALSE(hasEdge(idOut, idIn));
    REQUIRE(post(event("2024-07-01T00:00:00Z", "total", "amount")).status == 201);
    CHECK(hasEdge(idOut, idIn));
    CHECK(downstream(idIn) == "wh." + out + "@1");
}

TEST_CASE("the columnLineage facet becomes column mappings on the edges",
          "[http][openlineage][columns]") {
    const std::string s = uniqueSuffix();
    // 1-2-0 with the dataset-level list (Spark on Iceberg).
    const std::string people =
        R"([{"namespace":"s3://test-bucket","name":"/iceberg_warehouse/some-database/people"}])";
    REQUIRE(post(lineageEvent("spark" + s, people, "s3://test-bucket", "/out/people_" + s,
                              facetMembers("2.json")))
                .status == 201);
    const std::string out = assetId("s3___test_bucket._out_people_" + s);
    const std::string in = assetId("s3___test_bucket._iceberg_warehouse_some_database_people");
    CHECK(
        mappingsOf(out, in) ==
        R"([{"target_column":null,"source_column":"age","kind":"INDIRECT","subtype":"FILTER"},)"
        R"({"target_column":null,"source_column":"first_name","kind":"INDIRECT","subtype":"SORT"},)"
        R"({"target_column":null,"source_column":"last_name","kind":"INDIRECT","subtype":"SORT"},)"
        R"({"target_column":"ageNextYear","source_column":"age","kind":"DIRECT","subtype":"TRANSFORMATION"},)"
        R"({"target_column":"firstName","source_column":"first_name","kind":"DIRECT","subtype":"IDENTITY"},)"
        R"({"target_column":"id","source_column":"id","kind":"DIRECT","subtype":"IDENTITY"},)"
        R"({"target_column":"lastName","source_column":"last_name","kind":"DIRECT","subtype":"IDENTITY"}])");

    const std::string before = footprint();
    REQUIRE(post(lineageEvent("spark" + s, people, "s3://test-bucket", "/out/people_" + s,
                              facetMembers("2.json")))
                .status == 201);
    CHECK(footprint() == before);

    // 1-1-0 style (Snowflake): two source datasets, each edge its own mappings.
    const std::string sources =
        R"([{"namespace":"SnowflakeOpenLineage","name":"CUSTOMERS"},{"namespace":"SnowflakeOpenLineage","name":"DISCOUNTS"}])";
    REQUIRE(post(lineageEvent("sf" + s, sources, "SnowflakeOpenLineage", "OUT_" + s,
                              facetMembers("1.json")))
                .status == 201);
    const std::string target = assetId("SnowflakeOpenLineage.OUT_" + s);
    const std::string customers = assetId("SnowflakeOpenLineage.CUSTOMERS");
    const std::string discounts = assetId("SnowflakeOpenLineage.DISCOUNTS");
    CHECK(scalar("SELECT jsonb_array_length(column_mappings) FROM core.dependencies"
                 " WHERE dependent_asset_id = $1::uuid AND dependency_asset_id = $2::uuid",
                 target, customers) == 5);
    CHECK(scalar("SELECT jsonb_array_length(column_mappings) FROM core.dependencies"
                 " WHERE dependent_asset_id = $1::uuid AND dependency_asset_id = $2::uuid",
                 target, discounts) == 7);
    CHECK(
        mappingsOf(target, customers)
            .find(
                R"({"target_column":"NAME","source_column":"NAME","kind":"DIRECT","subtype":"IDENTITY"})") !=
        std::string::npos);

    // An edge without a facet has no mappings, and says nothing about them.
    REQUIRE(post(runEvent("plain" + s, "COMPLETE", "2024-05-01T10:00:00Z", {"p" + s + ".in"},
                          {"p" + s + ".out"}))
                .status == 201);
    CHECK(mappingsOf(assetId("wh.p" + s + ".out"), assetId("wh.p" + s + ".in")) == "<none>");
}

TEST_CASE("events creating the same new dataset at the same moment all succeed",
          "[http][openlineage][concurrency]") {
    // Airflow and Spark emit concurrently: four jobs reading one dataset nobody has seen yet
    // must not race each other into a unique-name conflict (one answered 409 before).
    for (int round = 0; round < 8; ++round) {
        const std::string s = uniqueSuffix();
        const std::string shared = "shared" + s + ".t";
        std::vector<int> statuses(4);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                const std::string n = std::to_string(i);
                statuses[i] = post(runEvent("job" + n + s, "COMPLETE", "2024-05-01T10:00:00Z",
                                            {shared}, {"out" + n + s + ".t"}))
                                  .status;
            });
        }
        for (auto& thread : threads) thread.join();
        CHECK(statuses == std::vector<int>{201, 201, 201, 201});
        CHECK(scalar("SELECT count(*) FROM core.assets WHERE fqn = $1", "wh." + shared) == 1);
        const std::string id = assetId("wh." + shared);
        CHECK(scalar("SELECT count(*) FROM core.dependencies WHERE dependency_asset_id = $1::uuid",
                     id) == 4);
    }
}

TEST_CASE("a batch too large for one notification is not read back twice by its own server",
          "[http][openlineage][graph]") {
    // 220 new outputs name more assets than a NOTIFY payload holds: the listeners are told to
    // rebuild, but the server that made the write re-read all of it after its commit already
    // (a full rebuild per batch made large ingests 10× slower).
    const auto missedNotificationRebuilds = [] {
        const std::string metrics = lineageServer().client().get("/metrics").body;
        const std::string sample = "tessera_index_rebuilds_total{cause=\"missed_notification\"} ";
        const size_t at = metrics.find(sample);
        REQUIRE(at != std::string::npos);
        return std::stod(metrics.substr(at + sample.size(), 32));
    };
    const std::string s = uniqueSuffix();
    std::string batch = "[";
    for (int i = 0; i < 220; ++i) {
        batch += (i ? "," : "") + runEvent("wide" + std::to_string(i) + s, "COMPLETE",
                                           "2024-05-01T10:00:00Z", {"wide_src" + s},
                                           {"wide_out" + std::to_string(i) + s});
    }
    const double before = missedNotificationRebuilds();
    REQUIRE(post(batch + "]").status == 201);
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the notification's way back
    CHECK(missedNotificationRebuilds() == before);
    const std::string listing = downstream(assetId("wh.wide_src" + s));
    CHECK(listing.find("wh.wide_out0" + s + "@1") != std::string::npos);
    CHECK(listing.find("wh.wide_out219" + s + "@1") != std::string::npos);
}
