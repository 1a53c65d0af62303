#include "tests/support/scratch_standby.hpp"

#include <cstdlib>
#include <stdexcept>

#include "tests/support/scratch_database.hpp"
#include "tests/support/test_server.hpp"

namespace tessera::testing {
namespace {

// postgresql://tessera@127.0.0.1:PORT/postgres → PORT
std::string portOf(const std::string& url) {
    const size_t colon = url.rfind(':');
    return url.substr(colon + 1, url.find('/', colon) - colon - 1);
}

}  // namespace

ScratchStandby::ScratchStandby() {
    const char* primaryData = std::getenv("TESSERA_TEST_PG_DATA");
    if (!primaryData) throw std::runtime_error("TESSERA_TEST_PG_DATA is not set");
    dataDir_ = std::string(primaryData) + "-standby-" + uniqueSuffix();
    // One shell, so the port free_port found is the one the standby takes.
    std::string output = runWithScriptsLib(
        "port=$(free_port) && TESSERA_PG_FSYNC=off pg_start_standby " + portOf(adminDatabaseUrl()) +
            " \"" + dataDir_ + "\" \"$port\" >&2 && echo \"$port\"",
        "starting a standby of the scratch cluster");
    port_ = output.substr(0, output.find_first_of("\r\n"));
    running_ = true;
}

ScratchStandby::~ScratchStandby() {
    try {
        runWithScriptsLib("pg_stop \"" + dataDir_ + "\"; rm -rf \"" + dataDir_ + "\"",
                          "removing the standby");
    } catch (...) {
        // Nothing more to do in a destructor; the folder is under the scratch area anyway.
    }
}

std::string ScratchStandby::urlFor(const std::string& databaseUrl) const {
    const std::string database = databaseUrl.substr(databaseUrl.rfind('/') + 1);
    return "postgresql://tessera@127.0.0.1:" + port_ + "/" + database;
}

void ScratchStandby::stop() {
    if (!running_) return;
    runWithScriptsLib("pg_stop \"" + dataDir_ + "\"", "stopping the standby");
    running_ = false;
}

void ScratchStandby::start() {
    if (running_) return;
    runWithScriptsLib("TESSERA_PG_FSYNC=off pg_start \"" + dataDir_ + "\" " + port_,
                      "starting the standby");
    running_ = true;
}

}  // namespace tessera::testing
