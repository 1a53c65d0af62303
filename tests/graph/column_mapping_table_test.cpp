// Column mappings in the index (graph/column_mapping_table.cpp, issue 20 item 2): set by the
// builder and by batches, replaced, dropped with their edge, kept by compaction, and their
// memory: bytes per mapping on a lineage of many mapped edges.
#include "graph/column_mapping_table.hpp"

#include <string>
#include <vector>

#include "graph/dependency_index.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::graph;
using tessera::core::ColumnMapping;

namespace {

Uuid asset(uint64_t n) {
    return Uuid{0xA, n};
}

AssetRow assetRow(uint64_t n) {
    AssetRow row;
    row.id = asset(n);
    row.fqn = "db.s.t" + std::to_string(n);
    row.ownerTeamId = Uuid{0x7, 1};
    return row;
}

ColumnMapping direct(std::string target, std::string source) {
    return {std::move(target), std::move(source), "DIRECT", std::string("IDENTITY")};
}

std::string describe(const std::vector<ColumnMapping>& mappings) {
    std::string out;
    for (const auto& m : mappings) {
        out += (out.empty() ? "" : " ") + m.targetColumn.value_or("*") + "<-" + m.sourceColumn +
               ":" + m.kind + (m.subtype ? "/" + *m.subtype : "");
    }
    return out;
}

}  // namespace

TEST_CASE("column mappings are packed, unpacked, replaced and removed", "[graph][columns]") {
    ColumnMappingTable table;
    table.put(1, 2, {direct("id", "id"), {std::nullopt, "region", "INDIRECT", "FILTER"}});
    REQUIRE(table.find(1, 2));
    CHECK(table.find(2, 1) == nullptr);
    CHECK(describe(table.unpack(*table.find(1, 2))) ==
          "id<-id:DIRECT/IDENTITY *<-region:INDIRECT/FILTER");
    CHECK(table.mappingCount() == 2);
    table.put(1, 2, {direct("total", "amount")});
    CHECK(describe(table.unpack(*table.find(1, 2))) == "total<-amount:DIRECT/IDENTITY");
    CHECK(table.mappingCount() == 1);
    CHECK(table.columnId("amount") != PackedColumnMapping::kEveryColumn);
    CHECK(table.columnId("nowhere") == PackedColumnMapping::kEveryColumn);
    table.put(1, 2, {});
    CHECK(table.find(1, 2) == nullptr);
    CHECK(table.mappingCount() == 0);
}

TEST_CASE("the index keeps an edge's mappings through builds, batches and compaction",
          "[graph][columns]") {
    DependencyIndexBuilder builder;
    for (uint64_t n = 1; n <= 3; ++n) builder.addAsset(assetRow(n));
    EdgeRow mapped{asset(2), asset(1), DependencyType::kTransforms, {direct("b", "a")}};
    builder.addEdge(mapped);
    builder.addEdge({asset(3), asset(2), DependencyType::kTransforms});
    auto index = std::move(builder).build(1);
    CHECK(describe(index->columnMappings(asset(2), asset(1))) == "b<-a:DIRECT/IDENTITY");
    CHECK(index->columnMappings(asset(3), asset(2)).empty());

    IndexBatch batch;
    batch.putEdge({asset(3), asset(2), DependencyType::kTransforms, {direct("c", "b")}});
    REQUIRE(index->apply(batch, 2));
    CHECK(describe(index->columnMappings(asset(3), asset(2))) == "c<-b:DIRECT/IDENTITY");
    index->compact();
    CHECK(describe(index->columnMappings(asset(3), asset(2))) == "c<-b:DIRECT/IDENTITY");
    CHECK(index->stats().columnMappings == 2);

    IndexBatch removal;
    removal.removeEdge(asset(2), asset(1));
    REQUIRE(index->apply(removal, 3));
    CHECK(index->columnMappings(asset(2), asset(1)).empty());
    CHECK(index->stats().columnMappings == 1);
}

TEST_CASE("bytes per column mapping in the index", "[graph][columns]") {
    // 20,000 edges, each mapping 20 of its 40 columns (names shared across tables, as in a
    // warehouse: id, created_at, …), a quarter of them INDIRECT with a subtype.
    constexpr uint64_t kAssets = 20001;
    constexpr int kMappingsPerEdge = 20;
    DependencyIndexBuilder builder;
    builder.reserve(kAssets, kAssets, 0, 0);
    for (uint64_t n = 1; n <= kAssets; ++n) builder.addAsset(assetRow(n));
    std::vector<EdgeRow> edges;
    for (uint64_t n = 2; n <= kAssets; ++n) {
        EdgeRow edge{asset(n), asset(n - 1), DependencyType::kTransforms};
        for (int c = 0; c < kMappingsPerEdge; ++c) {
            const std::string column = "column_" + std::to_string((n + c) % 40);
            edge.columnMappings.push_back(
                {column, "column_" + std::to_string(c), c % 4 ? "DIRECT" : "INDIRECT",
                 c % 4 ? std::nullopt : std::optional<std::string>("JOIN")});
        }
        edges.push_back(std::move(edge));
    }
    builder.addEdges(edges);
    auto index = std::move(builder).build(1);
    const IndexStats stats = index->stats();
    REQUIRE(stats.columnMappings == (kAssets - 1) * kMappingsPerEdge);
    const double perMapping = double(stats.columnMappingBytes) / double(stats.columnMappings);
    WARN("column mappings: " << stats.columnMappings << ", " << perMapping
                             << " bytes per mapping (12 of them the mapping itself)");
    CHECK(perMapping < 20.0);
}
