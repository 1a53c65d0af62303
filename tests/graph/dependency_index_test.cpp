#include "graph/dependency_index.hpp"

#include <algorithm>
#include <atomic>
#include <list>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/catch.hpp"

using namespace tessera::graph;

namespace {

Uuid assetId(uint64_t n) {
    return Uuid{0xA, n};
}
Uuid teamId(uint64_t n) {
    return Uuid{0x7, n};
}
Uuid contractId(uint64_t n) {
    return Uuid{0xC, n};
}
Uuid registrationId(uint64_t n) {
    return Uuid{0xE, n};
}

std::string fqnOf(uint64_t n) {
    return "db.schema.t" + std::to_string(n);
}

AssetRow asset(uint64_t n, std::optional<uint64_t> contract = std::nullopt, uint64_t owner = 1,
               bool deleted = false, std::string fqn = "") {
    AssetRow row;
    row.id = assetId(n);
    row.fqn = fqn.empty() ? fqnOf(n) : std::move(fqn);
    row.ownerTeamId = teamId(owner);
    row.deleted = deleted;
    if (contract) row.activeContractId = contractId(*contract);
    return row;
}

// `dependent` depends on `dependency`: dependent is downstream.
EdgeRow dependsOn(uint64_t dependent, uint64_t dependency,
                  DependencyType type = DependencyType::kConsumes) {
    return EdgeRow{assetId(dependent), assetId(dependency), type};
}

RegistrationRow registration(uint64_t id, uint64_t contract, uint64_t team,
                             RegistrationStatus status = RegistrationStatus::kActive,
                             std::optional<std::string> pin = std::nullopt) {
    return RegistrationRow{registrationId(id), contractId(contract), teamId(team), status,
                           std::move(pin)};
}

struct Rows {
    std::vector<AssetRow> assets;
    std::vector<EdgeRow> edges;
    std::vector<RegistrationRow> registrations;
};

std::unique_ptr<DependencyIndex> build(const Rows& rows, IndexOptions options = {},
                                       uint64_t generation = 1) {
    DependencyIndexBuilder builder;
    builder.reserve(rows.assets.size(), rows.edges.size(), rows.assets.size(),
                    rows.registrations.size());
    for (const AssetRow& row : rows.assets) builder.addAsset(row);
    for (const EdgeRow& row : rows.edges) builder.addEdge(row);
    for (const RegistrationRow& row : rows.registrations) builder.addRegistration(row);
    return std::move(builder).build(generation, options);
}

// "t2@1:consumes", with " deleted" for soft-deleted assets.
std::vector<std::string> describe(const LineageResult& result) {
    std::vector<std::string> out;
    for (const ReachedAsset& a : result.assets) {
        std::string line(a.fqn.substr(a.fqn.rfind('.') + 1));
        line += "@";
        line += std::to_string(a.depth);
        line += ":";
        line += toString(a.dependencyType);
        if (a.deleted) line += " deleted";
        out.push_back(line);
    }
    return out;
}

// "T3@2 via a5" (team 3 at depth 2, through asset 5's contract).
std::vector<std::string> describe(const std::vector<ImpactedConsumer>& consumers) {
    std::vector<std::string> out;
    for (const ImpactedConsumer& c : consumers) {
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on the one-expression form.
        std::string line = "T";
        line += std::to_string(c.teamId.low);
        line += "@";
        line += std::to_string(c.depth);
        line += " via a";
        line += std::to_string(c.assetId.low);
        out.push_back(line);
    }
    return out;
}

using Lines = std::vector<std::string>;

// The summary a listing and its consumers imply, computed the slow way.
RadiusSummary summaryOf(const LineageResult& listing,
                        const std::vector<ImpactedConsumer>& consumers) {
    RadiusSummary out;
    out.generation = listing.generation;
    out.totalAssets = listing.assets.size();
    std::map<Uuid, TeamSummary> teams;
    std::map<uint32_t, std::set<Uuid>> ownersAt;
    std::map<uint32_t, uint32_t> assetsAt;
    for (const ReachedAsset& a : listing.assets) {
        teams[a.ownerTeamId].teamId = a.ownerTeamId;
        ++teams[a.ownerTeamId].assets;
        ownersAt[a.depth].insert(a.ownerTeamId);
        ++assetsAt[a.depth];
    }
    for (const ImpactedConsumer& c : consumers) {
        teams[c.teamId].teamId = c.teamId;
        teams[c.teamId].registered = true;
    }
    for (const auto& [depth, assets] : assetsAt) {
        out.byDepth.push_back(
            DepthSummary{depth, assets, static_cast<uint32_t>(ownersAt[depth].size())});
    }
    for (const auto& [id, team] : teams) out.teams.push_back(team);
    return out;
}

// "depth:assets/teams" and "T<n>:assets[ registered]" lines.
std::vector<std::string> describe(const RadiusSummary& summary) {
    std::vector<std::string> out{"total " + std::to_string(summary.totalAssets)};
    for (const DepthSummary& d : summary.byDepth) {
        out.push_back(std::to_string(d.depth) + ":" + std::to_string(d.assets) + "/" +
                      std::to_string(d.teams));
    }
    for (const TeamSummary& t : summary.teams) {
        std::string line = "T";
        line += std::to_string(t.teamId.low);
        line += ":";
        line += std::to_string(t.assets);
        if (t.registered) line += " registered";
        out.push_back(line);
    }
    return out;
}

// A → B → C read as "C depends on B depends on A": A is the most upstream.
Rows chain(uint64_t length) {
    Rows rows;
    for (uint64_t n = 1; n <= length; ++n) rows.assets.push_back(asset(n));
    for (uint64_t n = 2; n <= length; ++n) rows.edges.push_back(dependsOn(n, n - 1));
    return rows;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Vocabulary (Uuid is core::Uuid: tests/core/uuid_test.cpp)

TEST_CASE("Enumerations use the wire spellings", "[graph]") {
    CHECK(toString(DependencyType::kTransforms) == "transforms");
    CHECK(parseDependencyType("references") == DependencyType::kReferences);
    CHECK_FALSE(parseDependencyType("Consumes"));
    CHECK(toString(RegistrationStatus::kMigrating) == "migrating");
    CHECK(parseRegistrationStatus("inactive") == RegistrationStatus::kInactive);
    CHECK_FALSE(parseRegistrationStatus("deprecated"));
}

// ---------------------------------------------------------------------------------------------
// Traversal shapes

TEST_CASE("A chain lists every downstream asset at its hop count", "[graph]") {
    Rows rows = chain(3);
    rows.assets[2].activeContractId = contractId(3);
    rows.registrations.push_back(registration(1, 3, 9));
    const auto index = build(rows);

    const auto result = index->impact(assetId(1), 5);
    REQUIRE(result);
    CHECK(describe(result->lineage) == Lines{"t2@1:consumes", "t3@2:consumes"});
    CHECK(result->lineage.rootId == assetId(1));
    CHECK(result->lineage.generation == 1);
    // The consumer of the asset 2 hops away has depth 3.
    CHECK(describe(result->consumers) == Lines{"T9@3 via a3"});
    CHECK(result->consumers[0].contractId == contractId(3));
    CHECK(result->consumers[0].registrationId == registrationId(1));
    CHECK(result->consumers[0].status == RegistrationStatus::kActive);

    // At depth 2, asset 3 is listed but its consumers are out of reach (assets up to depth − 1).
    const auto shallow = index->impact(assetId(1), 2);
    CHECK(describe(shallow->lineage) == Lines{"t2@1:consumes", "t3@2:consumes"});
    CHECK(shallow->consumers.empty());
}

TEST_CASE("The root's own consumers have depth 1", "[graph]") {
    Rows rows = chain(2);
    rows.assets[0].activeContractId = contractId(1);
    rows.registrations.push_back(registration(1, 1, 4, RegistrationStatus::kActive, "1.2.0"));
    const auto index = build(rows);
    for (const uint32_t depth : {0u, 1u, 5u}) {
        const auto result = index->impact(assetId(1), depth);
        REQUIRE(result->consumers.size() == 1);
        CHECK(result->consumers[0].depth == 1);
        CHECK(result->consumers[0].pinnedVersion == "1.2.0");
        CHECK(result->consumers[0].assetId == assetId(1));
    }
    CHECK(index->impact(assetId(1), 0)->lineage.assets.empty());
}

TEST_CASE("In a diamond the shortest depth wins and the first parent in name order gives the type",
          "[graph]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    // 1 ← 2 ← 4, 1 ← 3 ← 4, and a long way round 1 ← 5 ← 6 ← 7 ← 4.
    Rows rows;
    for (uint64_t n = 1; n <= 7; ++n) rows.assets.push_back(asset(n));
    rows.edges = {dependsOn(2, 1),
                  dependsOn(3, 1),
                  dependsOn(4, 3, DependencyType::kReferences),
                  dependsOn(4, 2, DependencyType::kTransforms),
                  dependsOn(5, 1),
                  dependsOn(6, 5),
                  dependsOn(7, 6),
                  dependsOn(4, 7)};
    const auto index = build(rows, IndexOptions{mode});
    CHECK(describe(*index->downstream(assetId(1), 10)) == Lines{"t2@1:consumes", "t3@1:consumes",
                                                                "t5@1:consumes", "t4@2:transforms",
                                                                "t6@2:consumes", "t7@3:consumes"});

    // Renaming asset 2 after asset 3 makes 3 the first parent of 4.
    IndexBatch rename;
    rename.upsertAsset(asset(2, std::nullopt, 1, false, "db.schema.z2"));
    REQUIRE(index->apply(rename, 2));
    CHECK(describe(*index->downstream(assetId(1), 10)) == Lines{"t3@1:consumes", "t5@1:consumes",
                                                                "z2@1:consumes", "t4@2:references",
                                                                "t6@2:consumes", "t7@3:consumes"});
    index->compact();
    CHECK(describe(*index->downstream(assetId(1), 10)) == Lines{"t3@1:consumes", "t5@1:consumes",
                                                                "z2@1:consumes", "t4@2:references",
                                                                "t6@2:consumes", "t7@3:consumes"});
}

TEST_CASE("Cycles terminate and never list the root", "[graph]") {
    SECTION("two-cycle") {
        Rows rows;
        rows.assets = {asset(1), asset(2)};
        rows.edges = {dependsOn(1, 2), dependsOn(2, 1)};
        const auto index = build(rows);
        CHECK(describe(*index->downstream(assetId(1), 10)) == Lines{"t2@1:consumes"});
        CHECK(describe(*index->upstream(assetId(1), 10)) == Lines{"t2@1:consumes"});
    }
    SECTION("long cycle") {
        Rows rows = chain(50);
        rows.edges.push_back(dependsOn(1, 50));  // closes 1 → 2 → … → 50 → 1
        const auto index = build(rows);
        const auto all = index->downstream(assetId(1), 1000);
        REQUIRE(all->assets.size() == 49);
        for (uint32_t i = 0; i < 49; ++i) {
            CHECK(all->assets[i].id == assetId(i + 2));
            CHECK(all->assets[i].depth == i + 1);
        }
        const auto fromMiddle = index->downstream(assetId(30), 25);
        REQUIRE(fromMiddle->assets.size() == 25);
        CHECK(fromMiddle->assets.back().id == assetId(5));  // 31..50, then 1..5
    }
    SECTION("cycle with consumers reached twice") {
        Rows rows;
        rows.assets = {asset(1, 1), asset(2, 2), asset(3, 3)};
        rows.edges = {dependsOn(2, 1), dependsOn(3, 2), dependsOn(1, 3)};
        rows.registrations = {registration(1, 1, 5), registration(2, 3, 5), registration(3, 2, 6)};
        const auto index = build(rows);
        const auto result = index->impact(assetId(1), 10);
        CHECK(describe(result->lineage) == Lines{"t2@1:consumes", "t3@2:consumes"});
        CHECK(describe(result->consumers) == Lines{"T5@1 via a1", "T6@2 via a2"});
    }
}

TEST_CASE("Self-dependencies are rejected", "[graph]") {
    DependencyIndexBuilder builder;
    builder.addAsset(asset(1));
    CHECK_THROWS_AS(builder.addEdge(dependsOn(1, 1)), std::invalid_argument);

    const auto index = build(chain(2));
    IndexBatch batch;
    batch.putEdge(dependsOn(2, 2));
    CHECK_THROWS_AS(index->apply(batch, 2), std::invalid_argument);
    CHECK(index->generation() == 1);
}

TEST_CASE("Builder rejects unknown endpoints, duplicate assets and duplicate pairs", "[graph]") {
    DependencyIndexBuilder builder;
    builder.addAsset(asset(1));
    builder.addAsset(asset(2));
    CHECK_THROWS_AS(builder.addAsset(asset(2)), std::invalid_argument);
    CHECK_THROWS_AS(builder.addEdge(dependsOn(1, 3)), std::invalid_argument);
    CHECK_THROWS_AS(builder.addAsset(asset(4, std::nullopt, 1, false, std::string(70000, 'x'))),
                    std::invalid_argument);
    builder.addEdge(dependsOn(1, 2));
    builder.addEdge(dependsOn(1, 2, DependencyType::kReferences));
    CHECK_THROWS_AS(std::move(builder).build(1), std::invalid_argument);
}

TEST_CASE("Builder takes active contracts apart from assets, edges in any grouping", "[graph]") {
    // The Postgres load sets contracts after the assets and feeds edges grouped by dependent;
    // interleaved dependents must give the same graph.
    DependencyIndexBuilder builder;
    for (uint64_t n = 1; n <= 4; ++n) builder.addAsset(asset(n));
    builder.setActiveContract(assetId(2), contractId(21));
    builder.setActiveContract(assetId(2), contractId(22));  // the last one set wins
    CHECK_THROWS_AS(builder.setActiveContract(assetId(9), contractId(90)), std::invalid_argument);
    builder.addEdge(dependsOn(2, 1));
    builder.addEdge(dependsOn(3, 1));
    builder.addEdge(dependsOn(2, 4));  // dependent 2 again after 3
    builder.addEdge(dependsOn(3, 2));
    CHECK_THROWS_AS(builder.addEdge(dependsOn(5, 1)), std::invalid_argument);  // unknown dependent
    builder.addEdge(dependsOn(4, 1));
    builder.addRegistration(registration(1, 21, 1));
    builder.addRegistration(registration(2, 22, 2));
    const auto index = std::move(builder).build(1);

    CHECK(index->asset(assetId(2))->activeContractId == contractId(22));
    CHECK_FALSE(index->asset(assetId(3))->activeContractId);
    CHECK(describe(*index->upstream(assetId(2), 1)) == Lines{"t1@1:consumes", "t4@1:consumes"});
    CHECK(describe(*index->upstream(assetId(3), 1)) == Lines{"t1@1:consumes", "t2@1:consumes"});
    CHECK(describe(index->impact(assetId(1), 5)->consumers) == Lines{"T2@2 via a2"});
}

TEST_CASE("Depth bounds 1..10 list exactly the assets within reach", "[graph]") {
    Rows rows = chain(12);
    for (uint64_t n = 1; n <= 12; ++n) {
        rows.assets[n - 1].activeContractId = contractId(n);
        rows.registrations.push_back(registration(n, n, 100 + n));
    }
    const auto index = build(rows);
    for (uint32_t depth = 1; depth <= 10; ++depth) {
        const auto result = index->impact(assetId(1), depth);
        REQUIRE(result->lineage.assets.size() == depth);
        CHECK(result->lineage.assets.back().depth == depth);
        CHECK(result->lineage.maxDepth == depth);
        // The root's consumer plus those of assets 1 .. depth − 1 hops away.
        REQUIRE(result->consumers.size() == depth);
        CHECK(result->consumers.back().depth == depth);
        CHECK(result->consumers.back().assetId == assetId(depth));
        REQUIRE(result->depthTotals.size() == depth);
        for (const DepthTotals& totals : result->depthTotals) {
            CHECK(totals.assets == 1);
            CHECK(totals.consumerTeams == 1);
        }
    }
}

TEST_CASE("Soft-deleted assets are traversed, flagged, and their consumers count", "[graph]") {
    Rows rows = chain(3);
    rows.assets[1] = asset(2, 2, 1, true);
    rows.registrations.push_back(registration(1, 2, 8));
    const auto index = build(rows);
    const auto result = index->impact(assetId(1), 5);
    CHECK(describe(result->lineage) == Lines{"t2@1:consumes deleted", "t3@2:consumes"});
    CHECK(describe(result->consumers) == Lines{"T8@2 via a2"});
    CHECK(result->depthTotals[0].deletedAssets == 1);
    CHECK(index->asset(assetId(2))->deleted);

    // A deleted root answers too (02 §11 A7).
    IndexBatch batch;
    batch.upsertAsset(asset(1, std::nullopt, 1, true));
    REQUIRE(index->apply(batch, 2));
    CHECK(index->downstream(assetId(1), 5)->assets.size() == 2);
}

TEST_CASE("Only active registrations on the active contract count", "[graph]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    Rows rows = chain(2);
    rows.assets[1].activeContractId = contractId(22);  // asset 2's current contract
    rows.registrations = {
        registration(1, 21, 1),                                  // on the deprecated contract
        registration(2, 22, 2, RegistrationStatus::kMigrating),  // not active
        registration(3, 22, 3, RegistrationStatus::kInactive),   // not active
        registration(4, 22, 4),                                  // counts
    };
    const auto index = build(rows, IndexOptions{mode});
    CHECK(describe(index->impact(assetId(1), 5)->consumers) == Lines{"T4@2 via a2"});

    SECTION("status changes in place") {
        IndexBatch batch;
        batch.putRegistration(registration(2, 22, 2, RegistrationStatus::kActive));
        batch.putRegistration(registration(4, 22, 4, RegistrationStatus::kInactive));
        REQUIRE(index->apply(batch, 2));
        CHECK(describe(index->impact(assetId(1), 5)->consumers) == Lines{"T2@2 via a2"});
        IndexBatch removal;
        removal.removeRegistration(registrationId(2));
        removal.removeRegistration(registrationId(99));  // unknown: nothing to do
        REQUIRE(index->apply(removal, 3));
        CHECK(index->impact(assetId(1), 5)->consumers.empty());
    }
    SECTION("active contract changes") {
        IndexBatch batch;
        batch.upsertAsset(asset(2, 21));  // contract 21 is the current one again
        REQUIRE(index->apply(batch, 2));
        CHECK(describe(index->impact(assetId(1), 5)->consumers) == Lines{"T1@2 via a2"});
        IndexBatch noContract;
        noContract.upsertAsset(asset(2));
        REQUIRE(index->apply(noContract, 3));
        CHECK(index->impact(assetId(1), 5)->consumers.empty());
        CHECK_FALSE(index->asset(assetId(2))->activeContractId);
    }
}

TEST_CASE("Each consumer team is listed once, at its smallest depth, first found wins", "[graph]") {
    // 1 ← 2 ← 4 and 1 ← 3; team 7 registers on the contracts of 2, 3 and 4.
    Rows rows;
    rows.assets = {asset(1), asset(2, 2), asset(3, 3), asset(4, 4)};
    rows.edges = {dependsOn(2, 1), dependsOn(3, 1), dependsOn(4, 2)};
    rows.registrations = {
        registration(1, 4, 7, RegistrationStatus::kActive, "9.0.0"),  // depth 3
        registration(2, 3, 7, RegistrationStatus::kActive, "3.0.0"),  // depth 2, asset t3
        registration(3, 2, 7, RegistrationStatus::kActive, "2.0.0"),  // depth 2, asset t2 (first)
        registration(4, 2, 7, RegistrationStatus::kActive, "2.1.0"),  // same team, same contract
        registration(5, 4, 8),
    };
    const auto index = build(rows);
    const auto result = index->impact(assetId(1), 5);
    CHECK(describe(result->consumers) == Lines{"T7@2 via a2", "T8@3 via a4"});
    CHECK(result->consumers[0].pinnedVersion == "2.0.0");
    CHECK(result->consumers[0].registrationId == registrationId(3));
    CHECK_FALSE(result->consumers[1].pinnedVersion);

    // Totals: team 7 counted 4 registrations, team 1 owns all three listed assets.
    REQUIRE(result->teamTotals.size() == 3);
    CHECK(result->teamTotals[0].teamId == teamId(1));
    CHECK(result->teamTotals[0].ownedAssets == 3);
    CHECK_FALSE(result->teamTotals[0].consumerDepth);
    CHECK(result->teamTotals[1].teamId == teamId(7));
    CHECK(result->teamTotals[1].activeRegistrations == 4);
    CHECK(result->teamTotals[1].consumerDepth == 2u);
    CHECK(result->teamTotals[2].consumerDepth == 3u);
    REQUIRE(result->depthTotals.size() == 3);
    CHECK(result->depthTotals[0].assets == 2);
    CHECK(result->depthTotals[0].consumerTeams == 0);
    CHECK(result->depthTotals[1].assets == 1);
    CHECK(result->depthTotals[1].consumerTeams == 1);
    CHECK(result->depthTotals[1].activeRegistrations == 3);
    CHECK(result->depthTotals[2].assets == 0);
    CHECK(result->depthTotals[2].consumerTeams == 1);
    CHECK(result->depthTotals[2].activeRegistrations == 2);
}

TEST_CASE("Order is (depth, fqn, id) whatever the input order", "[graph]") {
    // Assets 10..1 all depend on asset 100; assets 3 and 4 share an FQN (other environments).
    Rows rows;
    rows.assets.push_back(asset(100));
    for (uint64_t n = 10; n >= 1; --n) {
        rows.assets.push_back(asset(n, std::nullopt, 1, false, n == 3 || n == 4 ? "db.same" : ""));
        rows.edges.push_back(dependsOn(n, 100));
    }
    Rows reversed = rows;
    std::reverse(reversed.assets.begin(), reversed.assets.end());
    std::reverse(reversed.edges.begin(), reversed.edges.end());
    const auto a = build(rows)->downstream(assetId(100), 3);
    const auto b = build(reversed)->downstream(assetId(100), 3);
    std::vector<Uuid> order;
    for (const ReachedAsset& reached : a->assets) order.push_back(reached.id);
    CHECK(order == std::vector<Uuid>{assetId(3), assetId(4), assetId(1), assetId(10), assetId(2),
                                     assetId(5), assetId(6), assetId(7), assetId(8), assetId(9)});
    REQUIRE(b->assets.size() == a->assets.size());
    for (size_t i = 0; i < order.size(); ++i) CHECK(b->assets[i].id == order[i]);
}

TEST_CASE("A summary counts assets and owner teams per depth, and registered teams", "[graph]") {
    // 1 ← 2 (T1), 1 ← 3 (T2), 2 ← 4 (T1), 3 ← 4, 4 ← 5 (T3); registrations: T4 on 1's contract,
    // T2 on 3's, T5 on 5's (5 is at depth 3: its consumers count only from depth 4 on).
    Rows rows;
    rows.assets = {asset(1, 1), asset(2, std::nullopt, 1), asset(3, 3, 2),
                   asset(4, std::nullopt, 1), asset(5, 5, 3)};
    rows.edges = {dependsOn(2, 1), dependsOn(3, 1), dependsOn(4, 2), dependsOn(4, 3),
                  dependsOn(5, 4)};
    rows.registrations = {registration(1, 1, 4), registration(2, 3, 2), registration(3, 5, 5),
                          registration(4, 1, 6, RegistrationStatus::kMigrating)};
    const auto index = build(rows);

    CHECK(describe(*index->summary(assetId(1), Direction::kDownstream, 3)) ==
          Lines{"total 4", "1:2/2", "2:1/1", "3:1/1", "T1:2", "T2:1 registered", "T3:1",
                "T4:0 registered"});
    CHECK(describe(*index->summary(assetId(1), Direction::kDownstream, 4)) ==
          Lines{"total 4", "1:2/2", "2:1/1", "3:1/1", "T1:2", "T2:1 registered", "T3:1",
                "T4:0 registered", "T5:0 registered"});
    // Depth 1: 3's consumers (depth 2) are out of reach, the root's are not.
    CHECK(describe(*index->summary(assetId(1), Direction::kDownstream, 1)) ==
          Lines{"total 2", "1:2/2", "T1:1", "T2:1", "T4:0 registered"});
    // Upstream lists owners only: consumers belong to the downstream radius.
    CHECK(describe(*index->summary(assetId(5), Direction::kUpstream, 10)) ==
          Lines{"total 4", "1:1/1", "2:2/2", "3:1/1", "T1:3", "T2:1"});
    CHECK(describe(*index->summary(assetId(2), Direction::kDownstream, 0)) == Lines{"total 0"});
    CHECK_FALSE(index->summary(assetId(99), Direction::kDownstream, 3));
}

TEST_CASE("Upstream follows dependencies", "[graph]") {
    Rows rows = chain(4);
    rows.edges[0].type = DependencyType::kTransforms;  // 2 depends on 1
    const auto index = build(rows);
    CHECK(describe(*index->upstream(assetId(4), 10)) ==
          Lines{"t3@1:consumes", "t2@2:consumes", "t1@3:transforms"});
    CHECK(describe(*index->upstream(assetId(4), 1)) == Lines{"t3@1:consumes"});
    CHECK(index->upstream(assetId(1), 10)->assets.empty());
    const auto result = index->upstream(assetId(4), 2);
    CHECK(result->direction == Direction::kUpstream);
    CHECK(result->assets[0].ownerTeamId == teamId(1));
}

TEST_CASE("Unknown roots answer nullopt", "[graph]") {
    const auto index = build(chain(2));
    CHECK_FALSE(index->downstream(assetId(77), 5));
    CHECK_FALSE(index->upstream(assetId(77), 5));
    CHECK_FALSE(index->impact(assetId(77), 5));
    CHECK_FALSE(index->asset(assetId(77)));
    const DependencyIndex empty;
    CHECK(empty.generation() == 0);
    CHECK_FALSE(empty.downstream(assetId(1), 5));
    CHECK(empty.stats().edges == 0);
}

// ---------------------------------------------------------------------------------------------
// Writes

TEST_CASE("Writes after a build do not copy the store", "[graph]") {
    // A copy (DependencyIndex::apply when an array is full) folds the overlay into a new CSR, so
    // overlay edges still being there shows no copy happened. At a million assets a copy takes
    // most of a second, which a write would wait for.
    Rows rows = chain(3);
    rows.assets[1].activeContractId = contractId(22);
    rows.registrations = {registration(1, 22, 5)};
    const auto index = build(rows);

    IndexBatch reread;  // what every edge write sends: its asset re-read, unchanged, and the edge
    reread.upsertAsset(asset(3)).putEdge(dependsOn(3, 1));
    reread.upsertAsset(rows.assets[1]).putRegistration(registration(1, 22, 5));
    REQUIRE(index->apply(reread, 2));
    CHECK(index->stats().overlayEdges == 1);

    IndexBatch fresh;  // new ids within the headroom kept by the build
    fresh.upsertAsset(asset(4, 40, 9)).putEdge(dependsOn(4, 3));
    fresh.putRegistration(registration(2, 40, 6));
    REQUIRE(index->apply(fresh, 3));
    CHECK(index->stats().overlayEdges == 2);
    CHECK(describe(index->impact(assetId(3), 5)->consumers) == Lines{"T6@2 via a4"});
}

TEST_CASE("Edges are added, retyped and removed in place", "[graph]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    const auto index = build(chain(3), IndexOptions{mode});
    uint64_t generation = 1;
    auto apply = [&](const IndexBatch& batch) { REQUIRE(index->apply(batch, ++generation)); };

    IndexBatch removeCompact;  // an edge of the CSR
    removeCompact.removeEdge(assetId(3), assetId(2));
    apply(removeCompact);
    CHECK(describe(*index->downstream(assetId(1), 5)) == Lines{"t2@1:consumes"});

    IndexBatch addNew;  // a new asset and its edges in one batch
    addNew.upsertAsset(asset(4)).putEdge(dependsOn(4, 2, DependencyType::kReferences));
    addNew.putEdge(dependsOn(3, 4));
    apply(addNew);
    CHECK(describe(*index->downstream(assetId(1), 5)) ==
          Lines{"t2@1:consumes", "t4@2:references", "t3@3:consumes"});

    IndexBatch retype;  // one overlay edge and one CSR edge
    retype.putEdge(dependsOn(4, 2, DependencyType::kTransforms));
    retype.putEdge(dependsOn(2, 1, DependencyType::kReferences));
    apply(retype);
    CHECK(describe(*index->downstream(assetId(1), 5)) ==
          Lines{"t2@1:references", "t4@2:transforms", "t3@3:consumes"});

    IndexBatch readd;  // a removed CSR edge comes back
    readd.putEdge(dependsOn(3, 2, DependencyType::kTransforms)).removeEdge(assetId(3), assetId(4));
    readd.removeEdge(assetId(3), assetId(4));  // twice: idempotent
    apply(readd);
    CHECK(describe(*index->downstream(assetId(1), 5)) ==
          Lines{"t2@1:references", "t3@2:transforms", "t4@2:transforms"});
    CHECK(describe(*index->upstream(assetId(3), 5)) == Lines{"t2@1:transforms", "t1@2:references"});
    CHECK(index->stats().edges == 3);

    index->compact();
    const IndexStats stats = index->stats();
    CHECK(stats.edges == 3);
    CHECK(stats.compactEdges == 3);
    CHECK(stats.overlayEdges == 0);
    CHECK(stats.removedEdges == 0);
    CHECK(stats.generation == generation);
    CHECK(describe(*index->downstream(assetId(1), 5)) ==
          Lines{"t2@1:references", "t3@2:transforms", "t4@2:transforms"});
}

TEST_CASE("A batch that fails validation changes nothing", "[graph]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    const auto index = build(chain(2), IndexOptions{mode});
    IndexBatch batch;
    batch.upsertAsset(asset(3)).putEdge(dependsOn(3, 2)).putEdge(dependsOn(3, 99));
    CHECK_THROWS_AS(index->apply(batch, 2), std::invalid_argument);
    CHECK(index->generation() == 1);
    CHECK_FALSE(index->asset(assetId(3)));
    CHECK(index->downstream(assetId(1), 5)->assets.size() == 1);

    IndexBatch longName;
    longName.upsertAsset(asset(5, std::nullopt, 1, false, std::string(kMaxFqnBytes + 1, 'x')));
    CHECK_THROWS_AS(index->apply(longName, 2), std::invalid_argument);
}

TEST_CASE("Generations only move forward", "[graph]") {
    const auto index = build(chain(2), {}, 10);
    CHECK(index->generation() == 10);
    IndexBatch batch;
    batch.upsertAsset(asset(3));
    CHECK_FALSE(index->apply(batch, 10));
    CHECK_FALSE(index->apply(batch, 9));
    CHECK_FALSE(index->asset(assetId(3)));
    CHECK(index->apply(batch, 11));
    CHECK(index->downstream(assetId(1), 1)->generation == 11);

    DependencyIndexBuilder stale;
    stale.addAsset(asset(1));
    CHECK_FALSE(index->replace(std::move(stale), 5));
    DependencyIndexBuilder fresh;
    fresh.addAsset(asset(8));
    CHECK(index->replace(std::move(fresh), 12));
    CHECK(index->generation() == 12);
    CHECK_FALSE(index->asset(assetId(1)));
    CHECK(index->asset(assetId(8))->fqn == "db.schema.t8");
}

TEST_CASE("Renames and new assets sort correctly before and after compaction", "[graph]") {
    Rows rows;
    rows.assets.push_back(asset(100));
    for (uint64_t n = 1; n <= 20; ++n) {
        rows.assets.push_back(asset(n));
        rows.edges.push_back(dependsOn(n, 100));
    }
    const auto index = build(rows);
    IndexBatch batch;
    batch.upsertAsset(asset(5, std::nullopt, 1, false, "db.schema.a"));
    batch.upsertAsset(asset(21, std::nullopt, 1, false, "db.schema.t1"))
        .putEdge(dependsOn(21, 100));
    batch.upsertAsset(asset(22, std::nullopt, 1, false, "db.schema.zz"))
        .putEdge(dependsOn(22, 100));
    REQUIRE(index->apply(batch, 2));
    auto names = [&] {
        std::vector<std::string> out;
        const auto result = index->downstream(assetId(100), 1);
        for (const ReachedAsset& a : result->assets) {
            out.push_back(std::string(a.fqn) + "#" + std::to_string(a.id.low));
        }
        return out;
    };
    const auto before = names();
    CHECK(before.front() == "db.schema.a#5");
    CHECK(before[1] == "db.schema.t1#1");
    CHECK(before[2] == "db.schema.t1#21");
    CHECK(before.back() == "db.schema.zz#22");
    CHECK(std::is_sorted(before.begin(), before.end()));
    CHECK(index->stats().unrankedAssets == 3);
    index->compact();
    CHECK(index->stats().unrankedAssets == 0);
    CHECK(names() == before);
}

TEST_CASE("Result FQNs stay valid after writes, compaction and the index's end", "[graph]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    auto index = build(chain(3), IndexOptions{mode});
    const auto result = index->downstream(assetId(1), 5);
    LineageResult copy = *result;
    IndexBatch renames;
    renames.upsertAsset(asset(2, std::nullopt, 1, false, "db.renamed.two"));
    for (uint64_t n = 10; n < 2000; ++n) renames.upsertAsset(asset(n));  // fills new text chunks
    REQUIRE(index->apply(renames, 2));
    index->compact();
    index.reset();
    CHECK(result->assets[0].fqn == "db.schema.t2");
    CHECK(copy.assets[1].fqn == "db.schema.t3");
}

TEST_CASE("Stats count memory and edges", "[graph]") {
    Rows rows = chain(100);
    rows.assets[0].activeContractId = contractId(1);
    rows.registrations.push_back(registration(1, 1, 2));
    const auto index = build(rows, {}, 3);
    const IndexStats stats = index->stats();
    CHECK(stats.assets == 100);
    CHECK(stats.edges == 99);
    CHECK(stats.teams == 2);
    CHECK(stats.contracts == 1);
    CHECK(stats.registrations == 1);
    CHECK(stats.generation == 3);
    CHECK(stats.fqnBytes >= 100 * 11);
    CHECK(stats.totalBytes == stats.graphBytes + stats.assetBytes + stats.fqnBytes +
                                  stats.idMapBytes + stats.registrationBytes +
                                  stats.columnMappingBytes);
    CHECK(index->bytesPerEdge() == Approx(double(stats.totalBytes) / 99));
}

// ---------------------------------------------------------------------------------------------
// Against a plain reference implementation, through random writes

namespace {

// The semantics of 00-decisions "Impact", written as plainly as possible.
class ReferenceModel {
  public:
    void put(const AssetRow& row) { assets_[row.id] = row; }
    void put(const EdgeRow& row) { edges_[{row.dependentId, row.dependencyId}] = row.type; }
    void remove(const Uuid& dependent, const Uuid& dependency) {
        edges_.erase({dependent, dependency});
    }
    void put(const RegistrationRow& row) {
        const auto existing = registrations_.find(row.id);
        if (existing == registrations_.end() || existing->second.contractId != row.contractId) {
            if (existing != registrations_.end())
                order_[existing->second.contractId].remove(row.id);
            order_[row.contractId].push_back(row.id);
        }
        registrations_[row.id] = row;
    }
    void removeRegistration(const Uuid& id) {
        const auto existing = registrations_.find(id);
        if (existing == registrations_.end()) return;
        order_[existing->second.contractId].remove(id);
        registrations_.erase(existing);
    }

    std::vector<std::tuple<Uuid, uint32_t, DependencyType>> traverse(const Uuid& root,
                                                                     Direction direction,
                                                                     uint32_t maxDepth) const {
        std::vector<std::tuple<Uuid, uint32_t, DependencyType>> reached;
        std::set<Uuid> visited{root};
        std::vector<Uuid> level{root};
        for (uint32_t depth = 1; depth <= maxDepth && !level.empty(); ++depth) {
            std::vector<std::pair<Uuid, DependencyType>> next;
            for (const Uuid& parent : level) {
                for (const auto& [pair, type] : edges_) {
                    const Uuid& child =
                        direction == Direction::kDownstream ? pair.first : pair.second;
                    const Uuid& from =
                        direction == Direction::kDownstream ? pair.second : pair.first;
                    if (from == parent && visited.insert(child).second)
                        next.push_back({child, type});
                }
            }
            std::sort(next.begin(), next.end(), [&](const auto& a, const auto& b) {
                const std::string& fa = assets_.at(a.first).fqn;
                const std::string& fb = assets_.at(b.first).fqn;
                return fa != fb ? fa < fb : a.first < b.first;
            });
            level.clear();
            for (const auto& [child, type] : next) {
                reached.emplace_back(child, depth, type);
                level.push_back(child);
            }
        }
        return reached;
    }

    std::vector<std::tuple<Uuid, uint32_t, Uuid, Uuid>> consumers(const Uuid& root,
                                                                  uint32_t maxDepth) const {
        std::vector<std::pair<Uuid, uint32_t>> counted{{root, 1}};
        for (const auto& [id, depth, type] : traverse(root, Direction::kDownstream, maxDepth)) {
            if (depth < maxDepth) counted.push_back({id, depth + 1});
        }
        std::vector<std::tuple<Uuid, uint32_t, Uuid, Uuid>> out;  // team, depth, asset, reg
        std::set<Uuid> teams;
        for (const auto& [id, depth] : counted) {
            const AssetRow& row = assets_.at(id);
            if (!row.activeContractId) continue;
            const auto list = order_.find(*row.activeContractId);
            if (list == order_.end()) continue;
            for (const Uuid& registration : list->second) {
                const RegistrationRow& r = registrations_.at(registration);
                if (r.status != RegistrationStatus::kActive) continue;
                if (teams.insert(r.consumerTeamId).second) {
                    out.emplace_back(r.consumerTeamId, depth, id, r.id);
                }
            }
        }
        return out;
    }

    const std::map<Uuid, AssetRow>& assets() const { return assets_; }
    const std::map<std::pair<Uuid, Uuid>, DependencyType>& edges() const { return edges_; }

  private:
    std::map<Uuid, AssetRow> assets_;
    std::map<std::pair<Uuid, Uuid>, DependencyType> edges_;
    std::map<Uuid, RegistrationRow> registrations_;
    std::map<Uuid, std::list<Uuid>> order_;
};

void compareWithModel(const DependencyIndex& index, const ReferenceModel& model,
                      std::mt19937_64& random) {
    std::vector<Uuid> ids;
    for (const auto& [id, row] : model.assets()) ids.push_back(id);
    for (int probe = 0; probe < 8; ++probe) {
        const Uuid root = ids[random() % ids.size()];
        const auto maxDepth = static_cast<uint32_t>(1 + random() % 6);
        for (const Direction direction : {Direction::kDownstream, Direction::kUpstream}) {
            const auto expected = model.traverse(root, direction, maxDepth);
            const auto actual = direction == Direction::kDownstream
                                    ? index.downstream(root, maxDepth)
                                    : index.upstream(root, maxDepth);
            REQUIRE(actual);
            REQUIRE(actual->assets.size() == expected.size());
            for (size_t i = 0; i < expected.size(); ++i) {
                const ReachedAsset& a = actual->assets[i];
                const auto& [id, depth, type] = expected[i];
                REQUIRE(a.id == id);
                REQUIRE(a.depth == depth);
                REQUIRE(a.dependencyType == type);
                const AssetRow& row = model.assets().at(id);
                REQUIRE(a.fqn == row.fqn);
                REQUIRE(a.ownerTeamId == row.ownerTeamId);
                REQUIRE(a.deleted == row.deleted);
            }
        }
        for (const Direction direction : {Direction::kDownstream, Direction::kUpstream}) {
            const auto listing = direction == Direction::kDownstream
                                     ? index.downstream(root, maxDepth)
                                     : index.upstream(root, maxDepth);
            const auto consumers = direction == Direction::kDownstream
                                       ? index.impact(root, maxDepth)->consumers
                                       : std::vector<ImpactedConsumer>{};
            const auto summary = index.summary(root, direction, maxDepth);
            REQUIRE(summary);
            REQUIRE(describe(*summary) == describe(summaryOf(*listing, consumers)));
            REQUIRE(summary->generation == listing->generation);
        }
        const auto expected = model.consumers(root, maxDepth);
        const auto actual = index.impact(root, maxDepth);
        REQUIRE(actual->consumers.size() == expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto& [team, depth, assetOf, registrationOf] = expected[i];
            REQUIRE(actual->consumers[i].teamId == team);
            REQUIRE(actual->consumers[i].depth == depth);
            REQUIRE(actual->consumers[i].assetId == assetOf);
            REQUIRE(actual->consumers[i].registrationId == registrationOf);
        }
    }
    REQUIRE(index.stats().edges == model.edges().size());
}

}  // namespace

TEST_CASE("Random writes agree with a reference implementation", "[graph]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    std::mt19937_64 random(mode == ConcurrencyMode::kSharedLock ? 11 : 12);
    ReferenceModel model;
    auto randomAsset = [&](uint64_t n) {
        // Few distinct names, so equal FQNs (ties broken by id) are common.
        AssetRow row = asset(n, std::nullopt, 1 + random() % 4, random() % 8 == 0,
                             "db.s.n" + std::to_string(random() % 40));
        if (random() % 3 != 0) row.activeContractId = contractId(random() % 30);
        return row;
    };
    auto randomRegistration = [&] {
        return registration(random() % 80, random() % 30, 10 + random() % 6,
                            static_cast<RegistrationStatus>(random() % 3 == 0 ? 1 : 0),
                            random() % 2 ? std::optional<std::string>("1.0.0") : std::nullopt);
    };

    uint64_t assetCount = 60;
    Rows rows;
    for (uint64_t n = 0; n < assetCount; ++n) rows.assets.push_back(randomAsset(n));
    std::set<std::pair<uint64_t, uint64_t>> pairs;
    while (pairs.size() < 120) {
        const uint64_t a = random() % assetCount, b = random() % assetCount;
        if (a != b) pairs.insert({a, b});
    }
    for (const auto& [a, b] : pairs) {
        rows.edges.push_back(dependsOn(a, b, static_cast<DependencyType>(random() % 3)));
    }
    for (int i = 0; i < 60; ++i) rows.registrations.push_back(randomRegistration());
    for (const auto& row : rows.assets) model.put(row);
    for (const auto& row : rows.edges) model.put(row);
    for (const auto& row : rows.registrations) model.put(row);
    const auto index = build(rows, IndexOptions{mode, false});
    compareWithModel(*index, model, random);

    uint64_t generation = 1;
    for (int round = 0; round < 300; ++round) {
        IndexBatch batch;
        const int operations = 1 + static_cast<int>(random() % 5);
        for (int op = 0; op < operations; ++op) {
            switch (random() % 6) {
                case 0: {  // new asset or change of an existing one
                    const uint64_t n = random() % 4 == 0 ? assetCount++ : random() % assetCount;
                    const AssetRow row = randomAsset(n);
                    batch.upsertAsset(row);
                    model.put(row);
                    break;
                }
                case 1:
                case 2: {
                    const uint64_t a = random() % assetCount, b = random() % assetCount;
                    if (a == b) break;
                    const EdgeRow row = dependsOn(a, b, static_cast<DependencyType>(random() % 3));
                    batch.putEdge(row);
                    model.put(row);
                    break;
                }
                case 3: {
                    if (model.edges().empty()) break;
                    auto it = model.edges().begin();
                    std::advance(it, random() % model.edges().size());
                    const auto [dependent, dependency] = it->first;
                    batch.removeEdge(dependent, dependency);
                    model.remove(dependent, dependency);
                    break;
                }
                case 4: {
                    const RegistrationRow row = randomRegistration();
                    batch.putRegistration(row);
                    model.put(row);
                    break;
                }
                default: {
                    const Uuid id = registrationId(random() % 80);
                    batch.removeRegistration(id);
                    model.removeRegistration(id);
                    break;
                }
            }
        }
        REQUIRE(index->apply(batch, ++generation));
        if (round % 50 == 49) index->compact();
        compareWithModel(*index, model, random);
    }
}

// ---------------------------------------------------------------------------------------------
// Concurrency

TEST_CASE("Readers never observe half a batch", "[graph][concurrency]") {
    const auto mode = GENERATE(ConcurrencyMode::kSharedLock, ConcurrencyMode::kSnapshot);
    // Odd generations: no edges. Even generations: a chain of 8 below the root, with a consumer.
    constexpr uint64_t kChain = 8;
    Rows rows;
    rows.assets.push_back(asset(0));
    for (uint64_t n = 1; n <= kChain + 1; ++n) rows.assets.push_back(asset(n, n));
    const auto index = build(rows, IndexOptions{mode});

    std::atomic<bool> done{false};
    std::atomic<int> violations{0};
    std::atomic<long> reads{0};
    std::atomic<int> started{0};
    auto reader = [&] {
        ++started;
        while (!done.load()) {
            const auto result = index->impact(assetId(0), 10);
            const bool full = result->lineage.generation % 2 == 0;
            const size_t expectedAssets = full ? kChain : 0;
            const size_t expectedConsumers = full ? 1 : 0;
            if (result->lineage.assets.size() != expectedAssets ||
                result->consumers.size() != expectedConsumers) {
                ++violations;
            }
            // The names are read after the lock is released, while the writer appends text.
            for (const ReachedAsset& reached : result->lineage.assets) {
                if (reached.fqn != fqnOf(reached.id.low)) ++violations;
            }
            ++reads;
        }
    };
    std::vector<std::thread> readers;
    for (int i = 0; i < 3; ++i) readers.emplace_back(reader);
    // On a loaded machine the writer could apply every batch before a reader thread first ran.
    while (started.load() < 3) std::this_thread::yield();

    for (uint64_t generation = 2; generation <= 400; ++generation) {
        IndexBatch batch;
        for (uint64_t n = 1; n <= kChain; ++n) {
            if (generation % 2 == 0) {
                batch.putEdge(dependsOn(n, n - 1));
            } else {
                batch.removeEdge(assetId(n), assetId(n - 1));
            }
        }
        // A rename outside the chain: appends FQN text next to the text readers are reading.
        batch.upsertAsset(
            asset(kChain + 1, std::nullopt, 1, false, "db.renamed.n" + std::to_string(generation)));
        if (generation % 2 == 0) {
            batch.putRegistration(registration(1, kChain, 3));
        } else {
            batch.removeRegistration(registrationId(1));
        }
        REQUIRE(index->apply(batch, generation));
        if (generation % 64 == 0) index->compact();  // swaps while readers read
        if (generation % 16 == 0) std::this_thread::yield();
    }
    done = true;
    for (std::thread& thread : readers) thread.join();
    CHECK(violations.load() == 0);
    CHECK(reads.load() > 0);
    CHECK(index->generation() == 400);
}
