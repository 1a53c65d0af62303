// Reading dbt manifests (spec 04 §4.4, issue 15): every real manifest of ../shared/data/dbt
// (schema v4 to v12) against counts taken from the files by an independent script, and the
// rules one by one on small manifests.
#include "core/dbt_manifest.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/json.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

namespace {

std::string sharedData() {
    const char* overridden = std::getenv("TESSERA_SHARED_DATA");
    return overridden ? overridden : TESSERA_SHARED_DATA_DIR;
}

rapidjson::Document load(const std::string& relative) {
    const std::string path = sharedData() + "/" + relative;
    std::ifstream file(path);
    INFO("reading " << path << " (set TESSERA_SHARED_DATA to ../shared/data)");
    REQUIRE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    rapidjson::Document document;
    document.Parse(text.str().c_str());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

rapidjson::Document parse(const std::string& text) {
    rapidjson::Document document;
    document.Parse(text.c_str());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

const DbtAsset& assetById(const DbtManifest& manifest, const std::string& id) {
    for (const auto& asset : manifest.assets) {
        if (asset.uniqueId == id) return asset;
    }
    FAIL("no asset " << id);
    throw std::logic_error("unreachable");
}

size_t edges(const DbtManifest& manifest) {
    size_t count = 0;
    for (const auto& asset : manifest.assets) count += asset.parents.size();
    return count;
}

std::string errorPath(const std::string& manifest) {
    try {
        readDbtManifest(parse(manifest));
    } catch (const DbtManifestError& error) {
        return error.path() + ": " + error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("every real manifest, v4 to v12, reads with the counts the files hold", "[dbt]") {
    struct Expected {
        const char* file;
        size_t assets;
        size_t edges;
        size_t guaranteesExtracted;
    };
    // Counted from the files by a separate script (models+seeds+snapshots, sources; parent
    // edges among them; assets whose tests give guarantees).
    for (const Expected& expected : {
             Expected{"dbt/jaffle_shop_v4_jaffle_shop/manifest.json", 8, 5, 4},
             Expected{"dbt/jaffle_shop_v8_jaffle_shop/manifest.json", 8, 8, 5},
             Expected{"dbt/jaffle_shop_v10_jaffle_shop/manifest.json", 9, 8, 5},
             Expected{"dbt/jaffle_shop_v12/manifest_1.9.json", 39, 39, 5},
             Expected{"dbt/jaffle_shop_v12/manifest_1.11.json", 26, 17, 9},
             Expected{"dbt/dbt_core_state_v7/manifest.json", 4, 1, 1},
             Expected{"dbt/dbt_core_state_v12/manifest.json", 5, 1, 1},
         }) {
        INFO(expected.file);
        const DbtManifest manifest = readDbtManifest(load(expected.file));
        CHECK(manifest.assets.size() == expected.assets);
        CHECK(edges(manifest) == expected.edges);
        CHECK(manifest.guaranteesExtracted == expected.guaranteesExtracted);
    }
}

TEST_CASE("jaffle_shop v10: FQNs, column types, test guarantees, edges", "[dbt]") {
    const DbtManifest manifest =
        readDbtManifest(load("dbt/jaffle_shop_v10_jaffle_shop/manifest.json"));
    const DbtAsset& orders = assetById(manifest, "model.jaffle_shop.orders");
    CHECK(orders.resourceType == "model");
    CHECK(orders.fqn.rfind(".orders") == orders.fqn.size() - 7);
    const rapidjson::Document schema = parse(orders.schemaJson);
    CHECK(schema["type"] == "object");
    CHECK(schema["properties"].MemberCount() == 9);
    CHECK(schema["required"].Empty());
    REQUIRE(orders.guaranteesJson);
    const rapidjson::Document guarantees = parse(*orders.guaranteesJson);
    CHECK(guarantees["nullability"].MemberCount() == 7);
    CHECK(toJson(guarantees["accepted_values"]["status"]) ==
          R"(["placed","shipped","completed","return_pending","returned"])");
    CHECK(guarantees["custom"].Size() == 2);  // unique + relationships
    CHECK(orders.parents == std::vector<std::string>{"model.jaffle_shop.stg_orders",
                                                     "model.jaffle_shop.stg_payments"});
}

TEST_CASE("column data types map to JSON Schema types", "[dbt]") {
    CHECK(jsonTypeForDbtType("VARCHAR(256)") == "string");
    CHECK(jsonTypeForDbtType(" Character Varying ") == "string");
    CHECK(jsonTypeForDbtType("bigint") == "integer");
    CHECK(jsonTypeForDbtType("NUMERIC(10, 2)") == "number");
    CHECK(jsonTypeForDbtType("float64") == "number");
    CHECK(jsonTypeForDbtType("BOOL") == "boolean");
    CHECK(jsonTypeForDbtType("jsonb") == "object");
    CHECK(jsonTypeForDbtType("array") == "array");
    CHECK(jsonTypeForDbtType("double precision") == "string");
    CHECK(jsonTypeForDbtType("array<string>") == "string");
    CHECK(jsonTypeForDbtType("") == "string");
}

TEST_CASE("the rules on a small manifest: selection, tests, meta.tessera, parents", "[dbt]") {
    const DbtManifest manifest = readDbtManifest(parse(R"({
      "nodes": {
        "model.p.b": {"resource_type": "model", "database": "DB", "schema": "Mart", "name": "B",
          "columns": {"id": {"data_type": "INT"}, "note": {"description": "free text"}},
          "depends_on": {"nodes": ["source.p.raw.a", "source.p.raw.a", "model.p.eph"]},
          "meta": {"tessera": {"owner_team": "Mart Team", "owner_user": "o@example.com",
            "consumers": [{"team": "Finance"}, {"nope": 1}], "freshness": {"hours": 2},
            "compatibility_mode": "full"}}},
        "model.p.eph": {"resource_type": "analysis", "name": "eph"},
        "test.p.nn": {"resource_type": "test", "depends_on": {"nodes": ["model.p.b"]},
          "test_metadata": {"name": "not_null", "kwargs": {"column_name": "id"}}},
        "test.p.av_empty": {"resource_type": "test", "depends_on": {"nodes": ["model.p.b"]},
          "test_metadata": {"name": "accepted_values", "kwargs": {"column_name": "note", "values": []}}},
        "test.p.pkg": {"resource_type": "test", "depends_on": {"nodes": ["model.p.b"]},
          "column_name": "id", "test_metadata": {"name": "at_least", "namespace": "pkg", "kwargs": {"min": 1}}},
        "test.p.unknown": {"resource_type": "test", "depends_on": {"nodes": ["model.p.b"]},
          "test_metadata": {"name": "not_null"}},
        "test.p.my_check": {"resource_type": "test", "depends_on": {"nodes": ["model.p.b"]},
          "description": "rows add up", "raw_code": "select 1"},
        "seed.p.c": {"resource_type": "seed", "database": null, "schema": "s", "name": "c"}
      },
      "sources": {"source.p.raw.a": {"database": "db", "schema": "raw", "name": "a"}},
      "exposures": {"exposure.p.x": {"depends_on": {"nodes": ["model.p.b"]}}},
      "disabled": {}
    })"));
    REQUIRE(manifest.assets.size() == 3);
    CHECK(manifest.assets[0].uniqueId == "model.p.b");
    CHECK(manifest.assets[1].uniqueId == "seed.p.c");
    CHECK(manifest.assets[2].resourceType == "source");
    const DbtAsset& b = manifest.assets[0];
    CHECK(b.fqn == "db.mart.b");
    CHECK(manifest.assets[1].fqn == ".s.c");
    CHECK(b.schemaJson == R"({"type":"object","properties":{"id":{"type":"integer"},)"
                          R"("note":{"type":"string","description":"free text"}},"required":[]})");
    REQUIRE(b.guaranteesJson);
    CHECK(*b.guaranteesJson ==
          R"({"nullability":{"id":"never"},"custom":[{"type":"pkg.at_least","column":"id",)"
          R"("config":{"min":1}},{"type":"singular","name":"my_check",)"
          R"("description":"rows add up","sql":"select 1"}]})");
    CHECK(manifest.guaranteesExtracted == 1);
    CHECK(b.parents ==
          std::vector<std::string>{"source.p.raw.a"});  // once; analyses are not assets
    CHECK(b.tessera.ownerTeam == "Mart Team");
    CHECK(b.tessera.ownerUser == "o@example.com");
    CHECK(b.tessera.consumerTeams == std::vector<std::string>{"Finance"});
    CHECK(b.tessera.freshnessJson == R"({"hours":2})");
    CHECK_FALSE(b.tessera.volumeJson);
    CHECK(b.tessera.compatibilityMode == "full");
    CHECK_FALSE(manifest.assets[1].guaranteesJson);
}

TEST_CASE("manifests the rules cannot read name the offending key", "[dbt]") {
    CHECK(errorPath("[1]") == "manifest: manifest must be an object");
    CHECK(errorPath(R"({"nodes": []})") == "nodes: nodes must be an object");
    CHECK(errorPath(R"({"sources": 3})") == "sources: sources must be an object");
    CHECK(errorPath(R"({"nodes": {"model.x": {"name": "x"}}})") ==
          "nodes.model.x.resource_type: resource_type is missing");
    CHECK(errorPath(R"({"nodes": {"model.x": 5}})") == "nodes.model.x: a node must be an object");
    CHECK(errorPath(R"({"nodes": {"model.x": {"resource_type": "model", "name": 7}}})") ==
          "nodes.model.x.name: name must be a string");
    CHECK(errorPath(R"({"nodes": {"model.x": {"resource_type": "model", "name": "x",
                        "depends_on": {"nodes": ["model.ghost"]}}}})") ==
          "nodes.model.x.depends_on.nodes: depends_on names 'model.ghost', which the manifest "
          "does not have");
    // A source over a seed's table is that table (jaffle_shop 1.11 declares its seeds so).
    const DbtManifest same = readDbtManifest(parse(R"({
      "nodes": {"seed.raw_a": {"resource_type": "seed", "schema": "raw", "name": "a"}},
      "sources": {"source.raw.a": {"schema": "RAW", "name": "A"}}})"));
    REQUIRE(same.assets.size() == 2);
    CHECK_FALSE(same.assets[0].sameTableAs);
    CHECK(same.assets[1].sameTableAs == "seed.raw_a");
    CHECK(errorPath(R"({"nodes": {"model.x": {"resource_type": "model", "schema": "S", "name": "x"},
                                  "seed.x": {"resource_type": "seed", "schema": "s", "name": "X"}}})") ==
          "nodes.seed.x: FQN '.s.x' is also the FQN of model.x");
    // A disabled parent is known, and `disabled` of another shape is ignored.
    CHECK(errorPath(R"({"nodes": {"model.x": {"resource_type": "model", "name": "x",
                        "depends_on": {"nodes": ["model.off"]}}}, "disabled": {"model.off": []}})") ==
          "");
    CHECK(errorPath(R"({"nodes": {}, "disabled": []})") == "");
    CHECK(readDbtManifest(parse("{}")).assets.empty());
}
