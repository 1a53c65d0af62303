#include "tests/support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace tessera::testing {
namespace {

// The caller's environment minus settings that would change what runs (a cache, outbound
// notifications, another address, auth and limits, the web UI's secret and files), plus the
// overrides.
std::vector<std::string> childEnvironment(const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> variables;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string pair = *entry;
        const size_t equals = pair.find('=');
        if (equals != std::string::npos)
            variables[pair.substr(0, equals)] = pair.substr(equals + 1);
    }
    for (const char* name :
         {"REDIS_URL", "BOOTSTRAP_API_KEY", "WEBHOOK_URL", "SLACK_WEBHOOK_URL", "CORS_ORIGINS",
          "ENVIRONMENT", "PORT", "API_PORT", "API_HOST", "AUTH_DISABLED", "RATE_LIMIT_ENABLED",
          "SESSION_SECRET_KEY", "SESSION_COOKIE_SECURE", "LOGIN_RATE_LIMIT_ADDRESS",
          "LOGIN_RATE_LIMIT_EMAIL", "WEB_STATIC_DIR", "WEB_VENDOR_DIR"}) {
        variables.erase(name);
    }
    for (const auto& [name, value] : overrides) variables[name] = value;
    std::vector<std::string> result;
    for (const auto& [name, value] : variables) result.push_back(name + "=" + value);
    return result;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& binary,
                             const std::map<std::string, std::string>& environment,
                             int timeoutSeconds, const std::vector<std::string>& arguments) {
    if (access(binary.c_str(), X_OK) != 0) {
        throw std::runtime_error("server binary not found: " + binary);
    }
    char dirTemplate[] = "/tmp/tessera-server.XXXXXX";
    if (!mkdtemp(dirTemplate)) throw std::runtime_error("mkdtemp failed");
    workDir_ = dirTemplate;
    const std::vector<std::string> env = childEnvironment(environment);
    const std::string logPath = workDir_ + "/server.log";

    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // Never outlive the benchmark, even when it is killed.
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) _exit(127);
        dup2(out[1], STDOUT_FILENO);
        const int logFd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (logFd >= 0) dup2(logFd, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        if (chdir(workDir_.c_str()) != 0) _exit(127);
        std::vector<char*> envp;
        for (const auto& entry : env) envp.push_back(const_cast<char*>(entry.c_str()));
        envp.push_back(nullptr);
        std::vector<const char*> argv{binary.c_str(), "serve"};
        for (const auto& argument : arguments) argv.push_back(argument.c_str());
        argv.push_back(nullptr);
        execve(binary.c_str(), const_cast<char**>(argv.data()), envp.data());
        _exit(127);
    }
    close(out[1]);

    // Wait for "tessera listening on HOST:PORT".
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
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
        stop();
        throw std::runtime_error("tessera serve did not start: " + output + "\n" + logTail());
    }
    port_ = std::atoi(output.c_str() + colon + 1);
}

ServerProcess::~ServerProcess() {
    stop();
    if (workDir_.empty()) return;
    std::remove((workDir_ + "/server.log").c_str());
    rmdir(workDir_.c_str());
}

int ServerProcess::stop() {
    if (pid_ <= 0) return -1;
    sendSignal(SIGTERM);
    if (auto status = waitForExit(std::chrono::seconds(15))) return *status;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return 128 + SIGKILL;
}

void ServerProcess::sendSignal(int signal) const {
    if (pid_ > 0) kill(pid_, signal);
}

std::optional<int> ServerProcess::waitForExit(std::chrono::milliseconds limit) {
    if (pid_ <= 0) return std::nullopt;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            if (WIFEXITED(status) && WEXITSTATUS(status) == kSanitizerExitStatus) {
                // Whatever the test saw, the run must fail, with the report to read.
                std::fprintf(stderr, "tessera serve ended with a sanitizer report:\n%s\n",
                             logTail(64 * 1024).c_str());
                std::fflush(stderr);
                std::_Exit(kSanitizerExitStatus);
            }
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::string ServerProcess::logTail(size_t bytes) const {
    std::ifstream file(workDir_ + "/server.log");
    std::stringstream text;
    text << file.rdbuf();
    const std::string log = text.str();
    return log.size() <= bytes ? log : log.substr(log.size() - bytes);
}

double ServerProcess::cpuSeconds() const {
    return processCpuSeconds(pid_);
}

double processCpuSeconds(pid_t pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (stat.rfind(')') == std::string::npos) return 0;
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    unsigned long long user = 0, system = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14) user = std::stoull(field);
        if (index == 15) {
            system = std::stoull(field);
            break;
        }
    }
    return double(user + system) / double(sysconf(_SC_CLK_TCK));
}

long processStatusKb(pid_t pid, const std::string& field) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(file, line)) {
        if (line.compare(0, field.size() + 1, field + ":") == 0) {
            return std::atol(line.c_str() + field.size() + 1);
        }
    }
    return 0;
}

std::string defaultServerBinary() {
    char path[4096];
    const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return "tessera";
    std::string self(path, static_cast<size_t>(n));
    const std::string dir = self.substr(0, self.rfind('/'));
    return dir.substr(0, dir.rfind('/')) + "/tessera";
}

}  // namespace tessera::testing
