#include "tests/cli/cli_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace tessera::testing {
namespace {

constexpr auto kLimit = std::chrono::seconds(60);

std::vector<std::string> childEnvironment(const CliEnv& env) {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry; ++entry) {
        if (std::strncmp(*entry, "TESSERA_", 8) == 0) continue;
        const std::string text = *entry;
        if (env.count(text.substr(0, text.find('=')))) continue;
        entries.push_back(text);
    }
    for (const auto& [name, value] : env) entries.push_back(name + "=" + value);
    return entries;
}

// Reads both pipes until they close (reading one at a time could block the child on the
// other), then reaps the child.
void collect(pid_t pid, int outFd, int errFd, CliRun& run) {
    const auto deadline = std::chrono::steady_clock::now() + kLimit;
    pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
    std::string* sinks[2] = {&run.out, &run.err};
    int open = 2;
    char buffer[4096];
    while (open > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            ::kill(pid, SIGKILL);
            run.err += "\n[killed by the test after 60 s]";
            break;
        }
        if (::poll(fds, 2, static_cast<int>(left.count())) < 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
            if (got > 0) {
                sinks[i]->append(buffer, static_cast<size_t>(got));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (auto& fd : fds) {
        if (fd.fd >= 0) ::close(fd.fd);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

CliRun runCli(const std::vector<std::string>& args, const CliEnv& env) {
    std::vector<std::string> argv = {TESSERA_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> envp = childEnvironment(env);
    std::vector<char*> argvPtrs, envPtrs;
    for (auto& arg : argv) argvPtrs.push_back(arg.data());
    argvPtrs.push_back(nullptr);
    for (auto& entry : envp) envPtrs.push_back(entry.data());
    envPtrs.push_back(nullptr);

    int outPipe[2], errPipe[2];
    if (::pipe2(outPipe, O_CLOEXEC) != 0 || ::pipe2(errPipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
    }
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
    if (pid == 0) {
        const int devNull = ::open("/dev/null", O_RDONLY);
        ::dup2(devNull, STDIN_FILENO);
        ::dup2(outPipe[1], STDOUT_FILENO);
        ::dup2(errPipe[1], STDERR_FILENO);
        ::execve(argvPtrs[0], argvPtrs.data(), envPtrs.data());
        ::_exit(127);
    }
    ::close(outPipe[1]);
    ::close(errPipe[1]);
    CliRun run;
    collect(pid, outPipe[0], errPipe[0], run);
    return run;
}

std::string writeTempFile(const std::string& name, const std::string& content) {
    static const std::filesystem::path directory = [] {
        char pattern[] = "/tmp/tessera-cli-test.XXXXXX";
        if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
        const std::filesystem::path made(pattern);
        static struct Remover {
            std::filesystem::path path;
            ~Remover() {
                std::error_code ignored;
                std::filesystem::remove_all(path, ignored);
            }
        } remover{made};
        return made;
    }();
    const auto path = directory / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

}  // namespace tessera::testing
