// `tessera serve` as a child process, for the HTTP tests and the benchmarks: started in a scratch
// working directory (so no `.env` of the caller's directory is read) with the caller's
// environment minus the settings that would change its behaviour (cache, notifications,
// address, auth), plus the overrides; its port read from the "listening" line it prints
// (API_PORT=0 picks a free one); stderr kept in a log file; stopped by the destructor, and by
// the kernel if the parent dies (PR_SET_PDEATHSIG, which fires when the *thread* that started it
// ends: start servers from a thread that outlives them, e.g. the main one).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tessera::testing {

// The status a sanitizer ends a process with after a report (TSan's default; scripts/test.sh
// --tsan sets it explicitly). A server that exits with it ends this process with it too, after
// printing the server's log: a data race in the server fails the run even when the test
// that met it had already passed.
constexpr int kSanitizerExitStatus = 66;

class ServerProcess {
  public:
    // Starts `binary serve [arguments]` with the caller's environment plus `environment`
    // (which wins), and waits up to `timeoutSeconds` for it to listen. Throws, with the end of
    // its log, if not.
    ServerProcess(const std::string& binary, const std::map<std::string, std::string>& environment,
                  int timeoutSeconds, const std::vector<std::string>& arguments = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // SIGTERM, then SIGKILL after 15 s (past the server's own 10 s grace period, so its exit
    // status is what a caller sees). Returns the exit status (128 + signal if killed).
    int stop();
    // Sends `signal` without waiting, for tests of what the server does meanwhile.
    void sendSignal(int signal) const;
    // The exit status once the server has exited (128 + signal if killed), or nothing if it is
    // still running after `limit`.
    std::optional<int> waitForExit(std::chrono::milliseconds limit);
    // The end of the server's log (all of it by default).
    std::string logTail(size_t bytes = std::string::npos) const;
    // CPU time the server has used so far (user + system, from /proc), in seconds.
    double cpuSeconds() const;

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string workDir_;
};

// CPU time process `pid` has used so far (user + system, from /proc/<pid>/stat), in seconds; 0
// once it is gone.
double processCpuSeconds(pid_t pid);

// A "VmRSS" / "VmHWM" line of /proc/<pid>/status in KiB, 0 when unreadable.
long processStatusKb(pid_t pid, const std::string& field);

// The `tessera` binary of the build directory this program is in (<build>/tessera when this is
// <build>/benchmarks/lineage_pg_bench).
std::string defaultServerBinary();

}  // namespace tessera::testing
