// The column-level blast radius (graph/column_traverser.cpp, issue 20 item 3) on a hand-built
// graph where the table-level and the column-level answers differ.
#include "graph/column_traverser.hpp"

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

// r: the root; x, y, v read it; z reads x; w reads y through an edge without mappings; z
// feeds x back (a cycle).
enum : uint64_t { kR = 1, kX, kY, kZ, kW, kV };

ColumnMapping reads(std::string target, std::string source) {
    return {std::move(target), std::move(source), "DIRECT", std::nullopt};
}

std::unique_ptr<DependencyIndex> lineage() {
    DependencyIndexBuilder builder;
    const char* names[] = {"", "db.s.r", "db.s.x", "db.s.y", "db.s.z", "db.s.w", "db.s.v"};
    for (uint64_t n = kR; n <= kV; ++n) {
        AssetRow row;
        row.id = asset(n);
        row.fqn = names[n];
        row.ownerTeamId = Uuid{0x7, n};
        builder.addAsset(row);
    }
    const auto edge = [&](uint64_t dependent, uint64_t dependency,
                          std::vector<ColumnMapping> mappings) {
        builder.addEdge({asset(dependent), asset(dependency), DependencyType::kTransforms,
                         std::move(mappings)});
    };
    edge(kX, kR, {reads("x1", "a")});
    edge(kY, kR, {reads("y1", "b"), reads("y2", "b")});
    edge(kV, kR, {{std::nullopt, "a", "INDIRECT", std::string("FILTER")}, reads("v1", "c")});
    edge(kZ, kX, {reads("z1", "x1")});
    edge(kX, kZ, {reads("x2", "z1")});
    edge(kW, kY, {});
    return std::move(builder).build(1);
}

// "fqn@depth[columns]" in the listing's order; "*" for all columns.
std::string describe(const ColumnRadius& radius) {
    std::string out;
    for (const auto& reached : radius.assets) {
        std::string columns;
        for (const auto& column : reached.columns) columns += (columns.empty() ? "" : ",") + column;
        out += (out.empty() ? "" : " ") + std::string(reached.fqn) + "@" +
               std::to_string(reached.depth) + "[" + (reached.allColumns ? "*" : columns) + "]";
    }
    return out;
}

}  // namespace

TEST_CASE("the column radius follows only the mappings that read the columns", "[graph][columns]") {
    const auto index = lineage();
    // Table level: every asset downstream.
    CHECK(index->downstream(asset(kR), 5)->assets.size() == 5);

    const auto a = index->columnRadius(asset(kR), {"a"}, 5);
    REQUIRE(a);
    // x reads a into x1, then z1 from it, then x2 back through the cycle; v is filtered by a.
    CHECK(describe(*a) == "db.s.v@1[*] db.s.x@1[x1,x2] db.s.z@2[z1]");
    CHECK_FALSE(a->assumedAllColumns);

    const auto b = index->columnRadius(asset(kR), {"b"}, 5);
    CHECK(describe(*b) == "db.s.y@1[y1,y2] db.s.w@2[*]");
    CHECK(b->assumedAllColumns);  // w's edge has no mappings

    CHECK(describe(*index->columnRadius(asset(kR), {"c"}, 5)) == "db.s.v@1[v1]");
    CHECK(describe(*index->columnRadius(asset(kR), {"nowhere"}, 5)).empty());
    CHECK(describe(*index->columnRadius(asset(kR), {"a", "b"}, 1)) ==
          "db.s.v@1[*] db.s.x@1[x1] db.s.y@1[y1,y2]");
    CHECK_FALSE(index->columnRadius(asset(99), {"a"}, 5));
}
