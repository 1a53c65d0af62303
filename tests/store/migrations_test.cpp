#include "store/migrations.hpp"

#include <pqxx/pqxx>
#include <thread>

#include "tests/support/catch.hpp"
#include "tests/support/scratch_database.hpp"

using namespace tessera;

TEST_CASE("migrations create the whole data model once", "[store][migrations]") {
    testing::ScratchDatabase database;
    const auto applied = store::applyMigrations(database.url());
    REQUIRE_FALSE(applied.empty());
    CHECK(applied.front() == "001_initial_schema");
    CHECK(store::applyMigrations(database.url()).empty());

    pqxx::connection connection(database.url());
    pqxx::nontransaction query(connection);
    for (const char* table :
         {"core.teams", "core.users", "core.assets", "core.contracts", "core.registrations",
          "core.dependencies", "core.api_keys", "core.audit_runs", "core.webhook_deliveries",
          "workflow.proposals", "workflow.acknowledgments", "audit.events", "core.web_sessions"}) {
        INFO(table);
        CHECK(query.exec_params1("SELECT to_regclass($1) IS NOT NULL", std::string(table))[0]
                  .as<bool>());
    }
}

TEST_CASE("replicas migrating at once do not race", "[store][migrations]") {
    testing::ScratchDatabase database;
    std::vector<std::thread> replicas;
    std::atomic<int> failures{0};
    std::atomic<int> appliedTotal{0};
    for (int i = 0; i < 4; ++i) {
        replicas.emplace_back([&] {
            try {
                appliedTotal += static_cast<int>(store::applyMigrations(database.url()).size());
            } catch (const std::exception&) {
                ++failures;
            }
        });
    }
    for (auto& replica : replicas) replica.join();
    CHECK(failures == 0);
    CHECK(appliedTotal == static_cast<int>(store::embeddedMigrations().size()));
}

TEST_CASE("the audit log is append-only", "[store][migrations]") {
    testing::ScratchDatabase database;
    store::applyMigrations(database.url());
    pqxx::connection connection(database.url());
    {
        pqxx::work tx(connection);
        tx.exec(
            "INSERT INTO audit.events (entity_type, entity_id, action) "
            "VALUES ('team', gen_random_uuid(), 'team.created')");
        tx.commit();
    }
    pqxx::work tx(connection);
    CHECK_THROWS_AS(tx.exec("UPDATE audit.events SET action = 'x'"), pqxx::sql_error);
}
