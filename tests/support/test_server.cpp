#include "tests/support/test_server.hpp"

#include <atomic>
#include <cstdio>
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

TestServer::TestServer(std::map<std::string, std::string> environment, std::string databaseUrl,
                       std::vector<std::string> arguments) {
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
    process_ = std::make_unique<ServerProcess>(TESSERA_BINARY, overrides, 60, arguments);
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

std::string runWithScriptsLib(const std::string& commands, const std::string& what) {
    const std::string script = "source \"" + sourceRoot() + "/scripts/lib.sh\" && " + commands;
    std::string quoted = "'";
    for (char c : script) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    FILE* pipe = ::popen(("bash -c " + quoted).c_str(), "r");
    if (!pipe) throw std::runtime_error(what + ": cannot run bash");
    std::string output;
    char buffer[256];
    while (size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
    if (::pclose(pipe) != 0) throw std::runtime_error(what + " failed");
    return output;
}

void scratchPostgres(const std::string& action) {
    const char* data = std::getenv("TESSERA_TEST_PG_DATA");
    if (!data) throw std::runtime_error("TESSERA_TEST_PG_DATA is not set");
    const std::string admin = adminDatabaseUrl();
    // postgresql://tessera@127.0.0.1:PORT/postgres
    const size_t colon = admin.rfind(':');
    const std::string port = admin.substr(colon + 1, admin.find('/', colon) - colon - 1);
    if (action == "stop") {
        runWithScriptsLib("pg_stop \"" + std::string(data) + "\"", "scratch Postgres stop");
    } else {
        runWithScriptsLib("TESSERA_PG_FSYNC=off pg_start \"" + std::string(data) + "\" " + port,
                          "scratch Postgres " + action);
    }
}

}  // namespace tessera::testing
