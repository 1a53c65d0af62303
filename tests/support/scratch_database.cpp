#include "tests/support/scratch_database.hpp"

#include <cstdlib>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>

namespace tessera::testing {

std::string adminDatabaseUrl() {
    const char* url = std::getenv("TESSERA_TEST_DATABASE_URL");
    if (!url || !*url) {
        throw std::runtime_error(
            "TESSERA_TEST_DATABASE_URL is not set: run the suite through scripts/test.sh");
    }
    return url;
}

ScratchDatabase::ScratchDatabase() {
    std::random_device random;
    name_ = "tessera_test_" + std::to_string(random()) + std::to_string(random() % 1000);
    const std::string admin = adminDatabaseUrl();
    pqxx::connection connection(admin);
    pqxx::nontransaction session(connection);
    session.exec("CREATE DATABASE " + session.quote_name(name_));
    const size_t slash = admin.rfind('/');
    url_ = admin.substr(0, slash + 1) + name_;
}

ScratchDatabase::~ScratchDatabase() {
    try {
        pqxx::connection connection(adminDatabaseUrl());
        pqxx::nontransaction session(connection);
        session.exec("DROP DATABASE IF EXISTS " + session.quote_name(name_) + " WITH (FORCE)");
    } catch (...) {
        // The scratch cluster is deleted by the test script anyway.
    }
}

}  // namespace tessera::testing
