#include "store/team_repository.hpp"

#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
#include "store/sql_text.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/scratch_database.hpp"

using namespace tessera;

namespace {

struct MigratedDatabase {
    MigratedDatabase() { store::applyMigrations(database.url()); }
    testing::ScratchDatabase database;
    store::ConnectionPool pool{store::PoolOptions{database.url(), 4}};
};

}  // namespace

TEST_CASE("teams round-trip through the repository", "[store][teams]") {
    MigratedDatabase db;
    std::string id;
    {
        store::DbSession session(db.pool);
        store::TeamRepository teams(session);
        auto team = teams.insert("analytics", R"({"tier":"gold"})");
        id = team.id;
        CHECK(team.name == "analytics");
        CHECK(team.createdAt > 0);
        session.commit();
    }
    store::DbSession session(db.pool);
    store::TeamRepository teams(session);
    auto found = teams.findActive(id);
    REQUIRE(found);
    CHECK(found->metadataJson == R"({"tier": "gold"})");
    CHECK(teams.first()->id == id);

    auto renamed = teams.update(id, std::string("analytics-2"), std::nullopt);
    REQUIRE(renamed);
    CHECK(renamed->name == "analytics-2");
    CHECK(renamed->metadataJson == found->metadataJson);

    teams.softDelete(id);
    CHECK_FALSE(teams.findActive(id));
    CHECK(teams.findIncludingDeleted(id));
    CHECK(teams.restore(id));
    CHECK(teams.findActive(id));
}

TEST_CASE("a taken team name is a UniqueViolation, deleted teams included", "[store][teams]") {
    MigratedDatabase db;
    {
        store::DbSession session(db.pool);
        store::TeamRepository teams(session);
        auto team = teams.insert("platform", "{}");
        teams.softDelete(team.id);
        session.commit();
    }
    store::DbSession session(db.pool);
    store::TeamRepository teams(session);
    try {
        teams.insert("platform", "{}");
        FAIL("expected a unique violation");
    } catch (const store::UniqueViolation& violation) {
        CHECK(violation.constraint() == "teams_name_key");
    }
}

TEST_CASE("an uncommitted session leaves nothing behind", "[store][teams]") {
    MigratedDatabase db;
    {
        store::DbSession session(db.pool);
        store::TeamRepository(session).insert("ghost", "{}");
        // destroyed without commit
    }
    store::DbSession session(db.pool);
    CHECK(store::TeamRepository(session).list(std::nullopt, 10, 0).total == 0);
}

TEST_CASE("substring filters match % and _ literally", "[store][teams]") {
    MigratedDatabase db;
    store::DbSession session(db.pool);
    store::TeamRepository teams(session);
    teams.insert("a_b", "{}");
    teams.insert("axb", "{}");
    teams.insert("100 percent", "{}");
    CHECK(teams.list(store::containsPattern("_"), 10, 0).total == 1);
    CHECK(teams.list(store::containsPattern("%"), 10, 0).total == 0);
    CHECK(teams.list(store::containsPattern("A"), 10, 0).total == 2);
    auto page = teams.list(std::nullopt, 2, 1);
    CHECK(page.total == 3);
    REQUIRE(page.rows.size() == 2);
    CHECK(page.rows[0].team.name == "a_b");
}
