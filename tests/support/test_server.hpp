// The real `tessera serve` as a child process (tools/server_process.hpp) on a free loopback
// port, against its own scratch database unless told otherwise. Stopped with SIGTERM when the
// fixture goes away.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/server_process.hpp"

namespace tessera::testing {

using Env = std::map<std::string, std::string>;

class TestServer {
  public:
    // `environment` overrides/extends the server's environment (e.g. AUTH_DISABLED=false).
    // With `databaseUrl` empty a fresh scratch database is created for this server.
    // `arguments` follow `serve` on its command line.
    explicit TestServer(std::map<std::string, std::string> environment = {},
                        std::string databaseUrl = {}, std::vector<std::string> arguments = {});
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    const HttpClient& client() const { return *client_; }
    int port() const { return process_->port(); }
    pid_t pid() const { return process_->pid(); }
    const std::string& databaseUrl() const { return databaseUrl_; }
    // The child process itself, for tests that signal it and watch it exit.
    ServerProcess& process() { return *process_; }

    // SIGTERM and wait; returns the exit status (0 for a graceful shutdown).
    int stop();
    std::string log() const;

  private:
    std::unique_ptr<ScratchDatabase> database_;
    std::string databaseUrl_;
    std::unique_ptr<ServerProcess> process_;
    std::unique_ptr<HttpClient> client_;
};

// A server shared by the tests of one binary that need no special configuration
// (AUTH_DISABLED=true, rate limiting off). Tests use unique names so they do not collide.
TestServer& sharedServer();

// Runs a one-word command of scripts/lib.sh against the scratch cluster ("stop" / "start"),
// for outage tests.
void scratchPostgres(const std::string& action);

// Runs `commands` in bash after sourcing scripts/lib.sh; returns their stdout, throws with
// `what` when they fail.
std::string runWithScriptsLib(const std::string& commands, const std::string& what);

// A short unique suffix for names created by tests.
std::string uniqueSuffix();

}  // namespace tessera::testing
