// Marquez's lineage node ids (core/marquez_node_id.hpp): the namespace's URI colons, the names an
// asset's dataset takes, and the malformed ids.
#include "core/marquez_node_id.hpp"

#include "core/json.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

namespace {

std::string read(std::string_view text) {
    const auto id = parseLineageNodeId(text);
    if (!id) return "-";
    return std::string(id->kind == LineageNodeKind::kDataset ? "D" : "J") + "|" + id->name.ns +
           "|" + id->name.name;
}

}  // namespace

TEST_CASE("node ids: the namespace ends at the colon that is not a URI's", "[marquez]") {
    CHECK(read("dataset:food_delivery:public.delivery_7_days") ==
          "D|food_delivery|public.delivery_7_days");
    CHECK(read("job:airflow:etl.load") == "J|airflow|etl.load");
    CHECK(read("dataset:postgres://db:5432:shop.public.orders") ==
          "D|postgres://db:5432|shop.public.orders");
    CHECK(read("dataset:gs://bucket:/path/to/data") == "D|gs://bucket|/path/to/data");
    CHECK(read("dataset:ns:2024_events") == "D|ns|2024_events");  // the only colon
    CHECK(read("dataset:s3://bucket:key:with:colons") == "D|s3://bucket|key:with:colons");
    for (const char* bad :
         {"", "dataset", "dataset:", "dataset:ns", "dataset::name", "dataset:ns:", "job:ns",
          "datasetField:ns:t:c", "run:1", "Dataset:ns:n", "dataset:postgres://db:5432"}) {
        INFO(bad);
        CHECK(read(bad) == "-");
    }
    const LineageName name{"postgres://db:5432", "shop.public.orders"};
    CHECK(lineageNodeId(LineageNodeKind::kDataset, name) ==
          "dataset:postgres://db:5432:shop.public.orders");
    CHECK(read(lineageNodeId(LineageNodeKind::kJob, name)) ==
          "J|postgres://db:5432|shop.public.orders");
}

TEST_CASE("an asset's dataset: its metadata.openlineage, else its FQN read back", "[marquez]") {
    const rapidjson::Document stored =
        parseStoredJson(R"({"namespace":"my-ns","name":"instance.schema.input-1"})");
    const LineageName fromMetadata = datasetNameOfAsset("my_ns.instance.schema.input_1", &stored);
    CHECK(fromMetadata.ns == "my-ns");
    CHECK(fromMetadata.name == "instance.schema.input-1");

    const LineageName fromFqn = datasetNameOfAsset("warehouse.core.orders", nullptr);
    CHECK(fromFqn.ns == "warehouse");
    CHECK(fromFqn.name == "core.orders");

    const rapidjson::Document partial = parseStoredJson(R"({"namespace":"x","name":""})");
    CHECK(datasetNameOfAsset("a.b", &partial).ns == "a");
}
