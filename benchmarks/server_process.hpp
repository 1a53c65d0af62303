// `tessera serve` as a child process for the HTTP measurements: started on a free loopback port
// (API_PORT=0, the port read from the line it prints), in a scratch working directory (so no
// `.env` of the caller's directory is read), stderr kept in a log file; stopped by the
// destructor, and by the kernel if the benchmark itself dies (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <map>
#include <string>

namespace tessera::bench {

class ServerProcess {
  public:
    // Starts `binary serve` with the caller's environment plus `environment` (which wins), and
    // waits up to `timeoutSeconds` for it to listen. Throws, with the end of its log, if not.
    ServerProcess(const std::string& binary, const std::map<std::string, std::string>& environment,
                  int timeoutSeconds);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // SIGTERM, then SIGKILL after 10 s. Returns the exit status (128 + signal if killed).
    int stop();
    std::string logTail(size_t bytes = 4000) const;
    // CPU time the server has used so far (user + system, from /proc), in seconds.
    double cpuSeconds() const;

  private:
    pid_t pid_ = -1;
    int port_ = 0;
    std::string workDir_;
};

// The `tessera` binary next to the build directory of this program (<build>/tessera when this
// is <build>/benchmarks/lineage_pg_bench).
std::string defaultServerBinary();

}  // namespace tessera::bench
