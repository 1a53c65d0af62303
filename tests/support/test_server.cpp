#include "tests/support/test_server.hpp"

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

namespace tessera::testing {
namespace {

std::string sourceRoot() {
    std::string binary = TESSERA_BINARY;  // <root>/build*/tessera
    const size_t slash = binary.rfind('/');
    const std::string buildDir = binary.substr(0, slash);
    return buildDir.substr(0, buildDir.rfind('/'));
}

}  // namespace

std::string uniqueSuffix() {
    static std::atomic<int> counter{0};
    static const unsigned seed = std::random_device{}();
    return std::to_string(seed % 100000) + "_" + std::to_string(++counter);
}

TestServer::TestServer(std::map<std::string, std::string> environment, std::string databaseUrl) {
    if (databaseUrl.empty()) {
        database_ = std::make_unique<ScratchDatabase>();
        databaseUrl_ = database_->url();
    } else {
        databaseUrl_ = std::move(databaseUrl);
    }
    std::map<std::string, std::string> overrides = {
        {"DATABASE_URL", databaseUrl_}, {"API_HOST", "127.0.0.1"},       {"API_PORT", "0"},
        {"AUTH_DISABLED", "true"},      {"RATE_LIMIT_ENABLED", "false"}, {"TESSERA_THREADS", "4"},
        {"DB_POOL_TIMEOUT", "5"}};
    for (auto& [name, value] : environment) overrides[name] = value;
    process_ = std::make_unique<ServerProcess>(TESSERA_BINARY, overrides, 60);
    client_ = std::make_unique<HttpClient>(process_->port());
}

TestServer::~TestServer() = default;

int TestServer::stop() {
    return process_->stop();
}

std::string TestServer::log() const {
    return process_->logTail();
}

TestServer& sharedServer() {
    static TestServer server;
    return server;
}

void scratchPostgres(const std::string& action) {
    const char* data = std::getenv("TESSERA_TEST_PG_DATA");
    if (!data) throw std::runtime_error("TESSERA_TEST_PG_DATA is not set");
    const std::string admin = adminDatabaseUrl();
    // postgresql://tessera@127.0.0.1:PORT/postgres
    const size_t colon = admin.rfind(':');
    const std::string port = admin.substr(colon + 1, admin.find('/', colon) - colon - 1);
    std::string command = "bash -c 'source \"" + sourceRoot() + "/scripts/lib.sh\" && ";
    if (action == "stop") {
        command += "pg_stop \"" + std::string(data) + "\"'";
    } else {
        command += "TESSERA_PG_FSYNC=off pg_start \"" + std::string(data) + "\" " + port + "'";
    }
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("scratch Postgres " + action + " failed");
    }
}

}  // namespace tessera::testing
