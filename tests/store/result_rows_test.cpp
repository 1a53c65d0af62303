#include "store/result_rows.hpp"

#include <pqxx/pqxx>

#include "store/asset_repository.hpp"
#include "store/delivery_repository.hpp"
#include "store/proposal_repository.hpp"
#include "store/team_repository.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/migrated_database.hpp"
#include "tests/support/scratch_database.hpp"

using namespace tessera;
using store::UnexpectedResult;

namespace {

// Results of 0, 1 and 2 rows and of one NULL, from the real server.
const char* const kNoRow = "SELECT 7::int8 WHERE false";
const char* const kOneRow = "SELECT 7::int8";
const char* const kTwoRows = "SELECT g::int8 FROM generate_series(7, 8) g ORDER BY g";
const char* const kNullRow = "SELECT NULL::int8";

struct Connection {
    testing::ScratchDatabase database;
    pqxx::connection connection{database.url()};
    pqxx::nontransaction query{connection};
    pqxx::result run(const char* sql) { return query.exec(sql); }
};

// The message names the statement and what came back.
std::string failureOf(const std::function<void()>& read) {
    try {
        read();
    } catch (const UnexpectedResult& error) {
        return error.what();
    }
    return "no UnexpectedResult";
}

// A SQL statement on its own connection, committed: a change behind the server's back.
void behindTheServersBack(const testing::MigratedDatabase& db, const std::string& sql) {
    pqxx::connection connection(db.database.url());
    pqxx::nontransaction operatorSession(connection);
    operatorSession.exec(sql);
}

}  // namespace

TEST_CASE("onlyRow wants exactly one row", "[store][result_rows]") {
    Connection db;
    CHECK(failureOf([&] { store::onlyRow(db.run(kNoRow), "none"); }) ==
          "none: expected 1 row, got 0 rows");
    // The row keeps its result alive: the temporary result is gone by now.
    const pqxx::row row = store::onlyRow(db.run(kOneRow), "one");
    CHECK(row[0].as<int64_t>() == 7);
    CHECK(failureOf([&] { store::onlyRow(db.run(kTwoRows), "two"); }) ==
          "two: expected 1 row, got 2 rows");
    CHECK(store::onlyRow(db.run(kNullRow), "null")[0].is_null());
}

TEST_CASE("optionalRow: none is nullopt, two is a broken invariant", "[store][result_rows]") {
    Connection db;
    CHECK_FALSE(store::optionalRow(db.run(kNoRow), "none"));
    const auto one = store::optionalRow(db.run(kOneRow), "one");
    REQUIRE(one);
    CHECK((*one)[0].as<int64_t>() == 7);
    CHECK(failureOf([&] { store::optionalRow(db.run(kTwoRows), "two"); }) ==
          "two: expected at most 1 row, got 2 rows");
    const auto null = store::optionalRow(db.run(kNullRow), "null");
    REQUIRE(null);
    CHECK((*null)[0].is_null());
}

TEST_CASE("firstRow takes the first of any number", "[store][result_rows]") {
    Connection db;
    CHECK_FALSE(store::firstRow(db.run(kNoRow)));
    REQUIRE(store::firstRow(db.run(kOneRow)));
    CHECK((*store::firstRow(db.run(kOneRow)))[0].as<int64_t>() == 7);
    const auto first = store::firstRow(db.run(kTwoRows));
    REQUIRE(first);
    CHECK((*first)[0].as<int64_t>() == 7);
    const auto null = store::firstRow(db.run(kNullRow));
    REQUIRE(null);
    CHECK((*null)[0].is_null());
}

TEST_CASE("onlyValue wants one row holding a value", "[store][result_rows]") {
    Connection db;
    CHECK(failureOf([&] { store::onlyValue<int64_t>(db.run(kNoRow), "none"); }) ==
          "none: expected 1 row, got 0 rows");
    CHECK(store::onlyValue<int64_t>(db.run(kOneRow), "one") == 7);
    CHECK(failureOf([&] { store::onlyValue<int64_t>(db.run(kTwoRows), "two"); }) ==
          "two: expected 1 row, got 2 rows");
    CHECK(failureOf([&] { store::onlyValue<int64_t>(db.run(kNullRow), "null"); }) ==
          "null: expected a value, got NULL");
}

TEST_CASE("optionalRecord reads the row of optionalRow", "[store][result_rows]") {
    Connection db;
    const auto read = [](const pqxx::row& row) { return row[0].as<int64_t>() * 2; };
    CHECK_FALSE(store::optionalRecord(db.run(kNoRow), "none", read));
    CHECK(store::optionalRecord(db.run(kOneRow), "one", read) == 14);
    CHECK(failureOf([&] { store::optionalRecord(db.run(kTwoRows), "two", read); }) ==
          "two: expected at most 1 row, got 2 rows");
}

TEST_CASE("rows deleted behind the server's back: not found or UnexpectedResult, never a crash",
          "[store][result_rows]") {
    testing::MigratedDatabase db;
    std::string teamId;
    std::string proposalId;
    {
        store::DbSession session(db.pool);
        teamId = store::TeamRepository(session).insert("vanishing", "{}").id;
        const std::string assetId =
            store::AssetRepository(session)
                .insert({"warehouse.vanishing", teamId, std::nullopt, "production", "{}"})
                .id;
        proposalId = store::ProposalRepository(session)
                         .insert({assetId, "{}", "major", "[]", teamId, std::nullopt, std::nullopt,
                                  std::nullopt})
                         .id;
        session.commit();
    }

    SECTION("a proposal resolved after an operator deleted it") {
        behindTheServersBack(db, "DELETE FROM workflow.proposals");
        store::DbSession session(db.pool);
        store::ProposalRepository proposals(session);
        CHECK_FALSE(proposals.find(proposalId));
        // resolve() promises its row (callers hold its lock); a missing one was an unchecked
        // read of row 0 of an empty result.
        CHECK(failureOf([&] { proposals.resolve(proposalId, "approved"); }) ==
              "proposal_resolve: expected 1 row, got 0 rows");
    }
    SECTION("updates of a team that vanished are the repository's not-found") {
        behindTheServersBack(db, "TRUNCATE core.teams CASCADE");
        store::DbSession session(db.pool);
        store::TeamRepository teams(session);
        CHECK_FALSE(teams.update(teamId, std::string("renamed"), std::nullopt));
        CHECK_FALSE(teams.restore(teamId));
        CHECK_FALSE(teams.first());
        CHECK(teams.countActiveAssets(teamId) == 0);
        CHECK(teams.list(std::nullopt, 10, 0).total == 0);
    }
    SECTION("nothing due is one row holding NULL, not a missing value") {
        store::DbSession session(db.pool);
        CHECK_FALSE(store::DeliveryRepository(session).nextDueAt());
    }
}
