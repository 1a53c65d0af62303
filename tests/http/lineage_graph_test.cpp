// GET /api/v1/lineage over HTTP (issue 20): Marquez's lineage graph of a dataset or job node, on
// a chain ingested as OpenLineage events plus an edge made by hand; nodes and edges checked
// exactly, the node data in Marquez's key order, and every bad input.
#include <string>

#include "tests/support/api_fixtures.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

std::string runEvent(const std::string& job, const std::string& inputs,
                     const std::string& outputs) {
    return R"({"eventType":"COMPLETE","eventTime":"2024-01-02T03:04:05Z",)"
           R"("producer":"https://example.com/tessera-test",)"
           R"("schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",)"
           R"("run":{"runId":"3f0c2b5e-6a1d-4c2e-9b7a-1d2e3f4a5b6c"},"job":)" +
           job + R"(,"inputs":)" + inputs + R"(,"outputs":)" + outputs + "}";
}

std::string dataset(const std::string& ns, const std::string& name,
                    const std::string& facets = "") {
    return R"({"namespace":")" + ns + R"(","name":")" + name + "\"" +
           (facets.empty() ? "" : R"(,"facets":)" + facets) + "}";
}

// The chain, with `s` making every name unique in the shared database:
//   orders ─[etl_s:load]→ daily ─[etl_s:report]→ report ─(by hand)→ handmade
//   orders ─[etl_s:other]→ other (a sibling of daily: upstream of nothing the walk goes down)
struct Chain {
    std::string s, orders, daily, report, other, handmade, load, reportJob, otherJob;
};

Chain ingestChain(const HttpClient& http) {
    Chain c;
    c.s = uniqueSuffix();
    const std::string team = createTestTeam(http);  // the ingest's owner (AUTH_DISABLED)
    const std::string job = "etl_" + c.s;
    const std::string orders = dataset("postgres://db:5432", "shop.public.orders_" + c.s);
    const std::string daily = dataset(
        "warehouse", "mart.daily_" + c.s,
        R"({"schema":{"fields":[{"name":"id","type":"INTEGER","description":"the key"},)"
        R"({"name":"amount","type":"DECIMAL"}]},"documentation":{"description":"Daily orders"}})");
    const std::string report = dataset("warehouse", "mart.report_" + c.s);
    const std::string events =
        "[" +
        runEvent(R"({"namespace":")" + job + R"(","name":"load"})", "[" + orders + "]",
                 "[" + daily + "]") +
        "," +
        runEvent(R"({"namespace":")" + job + R"(","name":"report"})", "[" + daily + "]",
                 "[" + report + "]") +
        "," +
        runEvent(R"({"namespace":")" + job + R"(","name":"other"})", "[" + orders + "]",
                 "[" + dataset("warehouse", "mart.other_" + c.s) + "]") +
        "]";
    auto ingested = http.post("/api/v1/lineage", events);
    INFO(ingested.body);
    REQUIRE(ingested.status == 201);

    c.orders = "dataset:postgres://db:5432:shop.public.orders_" + c.s;
    c.daily = "dataset:warehouse:mart.daily_" + c.s;
    c.report = "dataset:warehouse:mart.report_" + c.s;
    c.other = "dataset:warehouse:mart.other_" + c.s;
    c.handmade = "dataset:handmade_" + c.s + ":bi.dashboard";
    c.load = "job:" + job + ":load";
    c.reportJob = "job:" + job + ":report";
    c.otherJob = "job:" + job + ":other";

    // An asset made by hand reads the report: an edge no job claims.
    auto handmade = postAsset(http, team, "handmade_" + c.s + ".bi.dashboard");
    REQUIRE(handmade.status == 201);
    auto reportAsset = http.get("/api/v1/assets/search?q=mart.report_" + c.s);
    REQUIRE(reportAsset.status == 200);
    REQUIRE(reportAsset.json()["results"].Size() == 1);
    dependsOn(http, str(handmade.json(), "id"), str(reportAsset.json()["results"][0], "id"));
    return c;
}

HttpResult lineage(const HttpClient& http, const std::string& query) {
    return http.get("/api/v1/lineage?" + query);
}

// One line per node: "<id> in:<origins> out:<destinations>", node order kept.
std::string describe(const rapidjson::Value& graph) {
    std::string out;
    for (const auto& node : graph.GetArray()) {
        out += str(node, "id") + " in:";
        for (const auto& edge : node["inEdges"].GetArray()) {
            CHECK(str(edge, "destination") == str(node, "id"));
            out += "[" + str(edge, "origin") + "]";
        }
        out += " out:";
        for (const auto& edge : node["outEdges"].GetArray()) {
            CHECK(str(edge, "origin") == str(node, "id"));
            out += "[" + str(edge, "destination") + "]";
        }
        out += "\n";
    }
    return out;
}

// The whole chain but the sibling, as describe() writes it: what depth 20 from `daily` reaches.
std::string wholeChain(const Chain& c) {
    return c.handmade + " in:[" + c.report + "] out:\n" +                       //
           c.orders + " in: out:[" + c.load + "]\n" +                           //
           c.daily + " in:[" + c.load + "] out:[" + c.reportJob + "]\n" +       //
           c.report + " in:[" + c.reportJob + "] out:[" + c.handmade + "]\n" +  //
           c.load + " in:[" + c.orders + "] out:[" + c.daily + "]\n" +          //
           c.reportJob + " in:[" + c.daily + "] out:[" + c.report + "]\n";
}

const rapidjson::Value& nodeOf(const rapidjson::Value& graph, const std::string& id) {
    for (const auto& node : graph.GetArray()) {
        if (str(node, "id") == id) return node;
    }
    FAIL("no node " << id);
    return graph;
}

}  // namespace

TEST_CASE("the lineage graph of a dataset: datasets up and down, jobs between them",
          "[http][openlineage][lineage-graph]") {
    const auto& http = sharedServer().client();
    const Chain c = ingestChain(http);

    auto response = lineage(http, "nodeId=" + c.daily);
    INFO(response.body);
    REQUIRE(response.status == 200);
    const auto body = response.json();
    CHECK(keys(body) == "graph");
    // Node ids sort: "dataset:handmade…" < "dataset:postgres…" < "dataset:warehouse…" < "job:…".
    CHECK(describe(body["graph"]) == wholeChain(c));

    const auto& daily = nodeOf(body["graph"], c.daily);
    CHECK(keys(daily) == "id,type,data,inEdges,outEdges");
    CHECK(str(daily, "type") == "DATASET");
    const auto& data = daily["data"];
    CHECK(keys(data) ==
          "id,type,name,physicalName,createdAt,updatedAt,namespace,sourceName,fields,tags,"
          "lastModifiedAt,lastLifecycleState,description,facets,currentVersion,deleted");
    CHECK(tessera::core::toJson(data["id"]) ==
          R"({"namespace":"warehouse","name":"mart.daily_)" + c.s + R"("})");
    CHECK(str(data, "type") == "DB_TABLE");
    CHECK(str(data, "name") == "mart.daily_" + c.s);
    CHECK(str(data, "namespace") == "warehouse");
    CHECK(str(data, "sourceName") == "warehouse");
    CHECK(str(data, "createdAt").size() >= 20);
    CHECK(data["updatedAt"].IsNull());
    // By name: jsonb does not keep the facet's order.
    CHECK(tessera::core::toJson(data["fields"]) ==
          R"([{"name":"amount","type":"DECIMAL","tags":[],"description":null},)"
          R"({"name":"id","type":"INTEGER","tags":[],"description":"the key"}])");
    CHECK(str(data, "description") == "Daily orders");
    CHECK(data["deleted"].IsFalse());

    const auto& load = nodeOf(body["graph"], c.load);
    CHECK(str(load, "type") == "JOB");
    CHECK(keys(load["data"]) ==
          "id,type,name,simpleName,parentJobName,parentJobUuid,createdAt,updatedAt,namespace,"
          "inputs,outputs,location,description,latestRun,latestRuns,facets,currentVersion");
    CHECK(str(load["data"], "name") == "load");
    CHECK(str(load["data"], "namespace") == "etl_" + c.s);
    CHECK(str(load["data"], "updatedAt") == "2024-01-02T03:04:05Z");  // its latest COMPLETE
    CHECK(tessera::core::toJson(load["data"]["inputs"]) ==
          R"([{"namespace":"postgres://db:5432","name":"shop.public.orders_)" + c.s + R"("}])");
    CHECK(tessera::core::toJson(load["data"]["outputs"]) ==
          R"([{"namespace":"warehouse","name":"mart.daily_)" + c.s + R"("}])");

    // A hand-made asset's dataset is its FQN read back: first segment, rest.
    const auto& handmade = nodeOf(body["graph"], c.handmade);
    CHECK(str(handmade["data"], "namespace") == "handmade_" + c.s);
    CHECK(str(handmade["data"], "name") == "bi.dashboard");
    CHECK(tessera::core::toJson(handmade["data"]["fields"]) == "[]");

    // depth bounds the walk: one edge each way.
    auto shallow = lineage(http, "nodeId=" + c.daily + "&depth=1");
    REQUIRE(shallow.status == 200);
    CHECK(describe(shallow.json()["graph"]) ==
          c.orders + " in: out:[" + c.load + "]\n" +                          //
              c.daily + " in:[" + c.load + "] out:[" + c.reportJob + "]\n" +  //
              c.report + " in:[" + c.reportJob + "] out:\n" +                 //
              c.load + " in:[" + c.orders + "] out:[" + c.daily + "]\n" +     //
              c.reportJob + " in:[" + c.daily + "] out:[" + c.report + "]\n");

    // The namespace's URI colons, percent-encoded or not: the same node.
    auto encoded =
        lineage(http, "nodeId=dataset%3Apostgres%3A%2F%2Fdb%3A5432%3Ashop.public.orders_" + c.s +
                          "&depth=1");
    REQUIRE(encoded.status == 200);
    CHECK(describe(encoded.json()["graph"]) ==
          c.orders + " in: out:[" + c.load + "][" + c.otherJob + "]\n" +   //
              c.daily + " in:[" + c.load + "] out:\n" +                    //
              c.other + " in:[" + c.otherJob + "] out:\n" +                //
              c.load + " in:[" + c.orders + "] out:[" + c.daily + "]\n" +  //
              c.otherJob + " in:[" + c.orders + "] out:[" + c.other + "]\n");
}

TEST_CASE("the lineage graph of a job: its datasets, then the walk from them",
          "[http][openlineage][lineage-graph]") {
    const auto& http = sharedServer().client();
    const Chain c = ingestChain(http);

    auto own = lineage(http, "nodeId=" + c.load + "&depth=1");
    INFO(own.body);
    REQUIRE(own.status == 200);
    CHECK(describe(own.json()["graph"]) == c.orders + " in: out:[" + c.load + "]\n" +     //
                                               c.daily + " in:[" + c.load + "] out:\n" +  //
                                               c.load + " in:[" + c.orders + "] out:[" + c.daily +
                                               "]\n");

    auto further = lineage(http, "nodeId=" + c.reportJob + "&depth=2");
    REQUIRE(further.status == 200);
    CHECK(describe(further.json()["graph"]) == wholeChain(c));
}

TEST_CASE("the lineage graph: bad node ids are 400, unknown ones 404, bad depths 422",
          "[http][openlineage][lineage-graph]") {
    const auto& http = sharedServer().client();
    for (const char* query :
         {"", "nodeId=", "depth=3", "nodeId=dataset:only-namespace", "nodeId=dataset::name",
          "nodeId=dataset:ns:", "nodeId=datasetField:ns:table:column", "nodeId=run:1234",
          "nodeId=table:ns:name"}) {
        INFO(query);
        auto response = lineage(http, query);
        CHECK(response.status == 400);
        CHECK(errorCode(response.json()) == "BAD_REQUEST");
        CHECK(errorMessage(response.json()).find("nodeId") != std::string::npos);
    }
    const std::string tooLong = "nodeId=dataset:ns:" + std::string(5000, 'a');
    CHECK(lineage(http, tooLong).status == 400);

    for (const std::string& node :
         {"dataset:nowhere_" + uniqueSuffix() + ":a.b", "job:nowhere_" + uniqueSuffix() + ":job",
          std::string("dataset:ns:***")}) {
        INFO(node);
        auto response = lineage(http, "nodeId=" + node);
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "NOT_FOUND");
    }

    for (const char* depth : {"0", "101", "-1", "two", "1.5"}) {
        INFO(depth);
        auto response = lineage(http, std::string("nodeId=job:ns:name&depth=") + depth);
        CHECK(response.status == 422);
        CHECK(response.body.find(R"("loc":["query","depth"])") != std::string::npos);
    }
}
