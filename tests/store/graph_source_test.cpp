// GraphSource::loadAll read on one connection and on three (the edges and registrations on
// connections of their own, in the snapshot the first exported): the same rows either way, and
// the background readers see that snapshot, not later writes.
#include "store/graph_source.hpp"

#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "store/asset_repository.hpp"
#include "store/background_copy.hpp"
#include "store/contract_repository.hpp"
#include "store/db_session.hpp"
#include "store/dependency_repository.hpp"
#include "store/registration_repository.hpp"
#include "store/team_repository.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/migrated_database.hpp"

using namespace tessera;

namespace {

// Every row visited, as text, in visit order.
struct RecordingVisitor : store::GraphRowVisitor {
    std::vector<std::string> rows;
    void team(const store::GraphTeamRow& row) override {
        rows.push_back("team " + row.id.toString() + " " + std::string(row.name));
    }
    void asset(const store::GraphAssetRow& row) override {
        rows.push_back("asset " + row.id.toString() + " " + std::string(row.fqn));
    }
    void activeContract(const store::GraphActiveContractRow& row) override {
        rows.push_back("contract " + row.assetId.toString() + " " + row.contractId.toString());
    }
    void edge(const store::GraphEdgeRow& row) override {
        rows.push_back("edge " + row.dependentId.toString() + " " + row.dependencyId.toString() +
                       " " + std::string(row.type));
    }
    void registration(const store::GraphRegistrationRow& row) override {
        rows.push_back("registration " + row.id.toString() + " " + std::string(row.status));
    }
    size_t count(const std::string& kind) const {
        size_t n = 0;
        for (const auto& row : rows) n += row.rfind(kind + " ", 0) == 0;
        return n;
    }
};

// A chain of `length` assets owned by one team, each with an active contract that a second team
// registered on.
void writeChain(testing::MigratedDatabase& db, int length, const std::string& prefix = "t") {
    store::DbSession session{db.pool};
    store::TeamRepository teams{session};
    store::AssetRepository assets{session};
    store::ContractRepository contracts{session};
    store::DependencyRepository dependencies{session};
    store::RegistrationRepository registrations{session};
    const std::string owner = teams.insert(prefix + " owners", "{}").id;
    const std::string reader = teams.insert(prefix + " readers", "{}").id;
    std::string previous;
    for (int i = 0; i < length; ++i) {
        const std::string asset = assets
                                      .insert({"db.chain." + prefix + std::to_string(i), owner,
                                               std::nullopt, "production", "{}"})
                                      .id;
        const std::string contract = contracts
                                         .insert({asset, "1.0.0", R"({"type":"object"})",
                                                  "backward", std::nullopt, owner, std::nullopt})
                                         .id;
        registrations.insert(contract, reader, std::nullopt);
        if (!previous.empty()) dependencies.insert(asset, previous, "transforms");
        previous = asset;
    }
    session.commit();
}

// A REPEATABLE READ transaction that exported its snapshot, open until destroyed.
struct ExportedSnapshot {
    explicit ExportedSnapshot(const std::string& url) : connection(url), transaction(connection) {
        transaction.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        id = transaction.exec1("SELECT pg_export_snapshot()")[0].as<std::string>();
    }
    pqxx::connection connection;
    pqxx::work transaction;
    std::string id;
};

std::vector<std::string> loadAll(const std::string& url, size_t parallelFromEdges) {
    store::GraphSource source(url, parallelFromEdges);
    RecordingVisitor visitor;
    source.loadAll(visitor);
    return visitor.rows;
}

}  // namespace

TEST_CASE("the index load reads the same rows on one connection and on three",
          "[store][graph_source]") {
    testing::MigratedDatabase db;
    writeChain(db, 40);
    const std::vector<std::string> alone = loadAll(db.database.url(), SIZE_MAX);
    const std::vector<std::string> parallel = loadAll(db.database.url(), 0);
    RecordingVisitor counts;
    counts.rows = parallel;
    CHECK(counts.count("team") == 2);
    CHECK(counts.count("asset") == 40);
    CHECK(counts.count("contract") == 40);
    CHECK(counts.count("edge") == 39);
    CHECK(counts.count("registration") == 40);
    CHECK(parallel == alone);
}

TEST_CASE("a background copy reads the exported snapshot, not later writes",
          "[store][graph_source]") {
    testing::MigratedDatabase db;
    writeChain(db, 3);
    const std::string url = db.database.url();
    const ExportedSnapshot exported(url);
    const std::string& snapshot = exported.id;

    // Committed after the export: the copy must not see it.
    writeChain(db, 2, "later");
    store::BackgroundCopy copy(url, snapshot, "SELECT a.fqn FROM core.assets a");
    REQUIRE(copy.waitUntilStarted());
    std::set<std::string> seen;
    copy.consume(1, [&](const store::BinaryFields& row) { seen.insert(std::string(*row[0])); });
    CHECK(seen == std::set<std::string>{"db.chain.t0", "db.chain.t1", "db.chain.t2"});
}

TEST_CASE("a background copy that cannot start says so, and refuses a malformed snapshot id",
          "[store][graph_source]") {
    testing::MigratedDatabase db;
    const std::string url = db.database.url();
    {
        // Well formed, but no transaction exported it.
        store::BackgroundCopy copy(url, "00000003-0000001B-1", "SELECT 1");
        CHECK_FALSE(copy.waitUntilStarted());
        CHECK_THROWS_AS(copy.consume(1, [](const store::BinaryFields&) {}), std::runtime_error);
    }
    CHECK_THROWS_AS(store::BackgroundCopy(url, "x'; DROP TABLE core.assets; --", "SELECT 1"),
                    std::invalid_argument);
}

TEST_CASE("a background copy abandoned before it is consumed stops its reader",
          "[store][graph_source]") {
    testing::MigratedDatabase db;
    const std::string url = db.database.url();
    const ExportedSnapshot exported(url);
    const std::string& snapshot = exported.id;
    // More than the queue holds (64 MiB): the reader blocks on a full queue until cancelled.
    store::BackgroundCopy copy(url, snapshot,
                               "SELECT repeat('x', 1024) FROM generate_series(1, 200000)");
    REQUIRE(copy.waitUntilStarted());
}  // the destructor cancels and joins; a hang here fails the suite's timeout
