#include "store/database_url.hpp"

#include <pqxx/pqxx>

#include "tests/support/catch.hpp"
#include "tests/support/scratch_database.hpp"

using namespace tessera;

TEST_CASE("the server's sessions carry tessera.origin beside the URI's own options",
          "[database-url]") {
    CHECK(store::withServerOrigin("postgresql://u@h/db") ==
          "postgresql://u@h/db?options=-c%20tessera.origin%3Dserver");
    CHECK(store::withServerOrigin("postgresql://u@h/db?connect_timeout=3") ==
          "postgresql://u@h/db?connect_timeout=3&options=-c%20tessera.origin%3Dserver");
    CHECK(store::withServerOrigin("postgresql://u@h/db?sslmode=off&options=-c%20x.y%3Dz") ==
          "postgresql://u@h/db?sslmode=off&options=-c%20tessera.origin%3Dserver%20-c%20x.y%3Dz");
    // `options=` inside another parameter's value is not the parameter.
    CHECK(store::withServerOrigin("postgresql://u@h/db?application_name=myoptions=1") ==
          "postgresql://u@h/db?application_name=myoptions=1"
          "&options=-c%20tessera.origin%3Dserver");
}

TEST_CASE("session settings stack in libpq's options", "[database-url]") {
    CHECK(store::withSessionSetting(store::withServerOrigin("postgresql://u@h/db"), "lock_timeout",
                                    "5000") ==
          "postgresql://u@h/db?options=-c%20lock_timeout%3D5000%20-c%20tessera.origin%3Dserver");
}

TEST_CASE("application_name is added unless the URI names one", "[database-url]") {
    CHECK(store::withApplicationName("postgresql://u@h/db", "tessera-reads") ==
          "postgresql://u@h/db?application_name=tessera-reads");
    CHECK(store::withApplicationName("postgresql://u@h/db?connect_timeout=3", "x") ==
          "postgresql://u@h/db?connect_timeout=3&application_name=x");
    CHECK(store::withApplicationName("postgresql://u@h/db?application_name=mine", "x") ==
          "postgresql://u@h/db?application_name=mine");
}

TEST_CASE("Postgres sees the origin setting", "[database-url]") {
    testing::ScratchDatabase database;
    pqxx::connection connection(
        store::withServerOrigin(store::withConnectTimeout(database.url(), 3)));
    pqxx::nontransaction query(connection);
    CHECK(query.exec("SHOW tessera.origin")[0][0].as<std::string>() == "server");
}
