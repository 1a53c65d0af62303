#include "tests/support/test_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace tessera::testing {
namespace {

std::vector<std::string> childEnvironment(const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string pair = *entry;
        const size_t equals = pair.find('=');
        if (equals == std::string::npos) continue;
        variables[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    // Tests choose these explicitly; nothing leaks in from the developer's shell.
    for (const char* name :
         {"REDIS_URL", "BOOTSTRAP_API_KEY", "WEBHOOK_URL", "SLACK_WEBHOOK_URL", "CORS_ORIGINS",
          "ENVIRONMENT", "AUTH_DISABLED", "RATE_LIMIT_ENABLED"}) {
        variables.erase(name);
    }
    for (const auto& [name, value] : overrides) variables[name] = value;
    std::vector<std::string> result;
    for (const auto& [name, value] : variables) result.push_back(name + "=" + value);
    return result;
}

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
    char dirTemplate[] = "/tmp/tessera-server.XXXXXX";
    if (!mkdtemp(dirTemplate)) throw std::runtime_error("mkdtemp failed");
    workDir_ = dirTemplate;

    std::map<std::string, std::string> overrides = {
        {"DATABASE_URL", databaseUrl_}, {"API_HOST", "127.0.0.1"},       {"API_PORT", "0"},
        {"AUTH_DISABLED", "true"},      {"RATE_LIMIT_ENABLED", "false"}, {"TESSERA_THREADS", "4"},
        {"DB_POOL_TIMEOUT", "5"}};
    for (auto& [name, value] : environment) overrides[name] = value;
    const std::vector<std::string> env = childEnvironment(overrides);

    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const std::string logPath = workDir_ + "/server.log";
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        const int logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (logFd >= 0) dup2(logFd, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        if (chdir(workDir_.c_str()) != 0) _exit(127);
        std::vector<char*> envp;
        for (const auto& entry : env) envp.push_back(const_cast<char*>(entry.c_str()));
        envp.push_back(nullptr);
        const char* argv[] = {TESSERA_BINARY, "serve", nullptr};
        execve(TESSERA_BINARY, const_cast<char**>(argv), envp.data());
        _exit(127);
    }
    close(out[1]);

    // Wait for "tessera listening on HOST:PORT".
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (output.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd fd{out[0], POLLIN, 0};
        if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
        char buffer[256];
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n <= 0) break;
        output.append(buffer, static_cast<size_t>(n));
    }
    close(out[0]);
    const size_t colon = output.rfind(':');
    if (output.find("listening") == std::string::npos || colon == std::string::npos) {
        const std::string failure = log();
        stop();
        throw std::runtime_error("tessera serve did not start: " + output + "\n" + failure);
    }
    port_ = std::atoi(output.c_str() + colon + 1);
    client_ = std::make_unique<HttpClient>(port_);
}

TestServer::~TestServer() {
    stop();
    if (!workDir_.empty()) {
        std::remove((workDir_ + "/server.log").c_str());
        rmdir(workDir_.c_str());
    }
}

int TestServer::stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200; ++i) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return 137;
}

std::string TestServer::log() const {
    std::ifstream file(workDir_ + "/server.log");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
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
