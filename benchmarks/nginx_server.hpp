// nginx serving one file, as the baseline the blast radius is measured against (issue 19): the
// same bytes from a static file server, on the same machine, through the same load client.
// nginx runs as a child process (no daemon, master and `worker_processes` workers) on a free
// loopback port, with a generated minimal configuration in a temporary directory that also
// holds the file, its pid file, error log and temp paths; the destructor stops it and removes
// the directory. As root its workers run as root (they must read that 0700 directory); as
// another user the `user` directive is left out and everything runs as that user.
#pragma once

#include <sys/types.h>

#include <string>

namespace tessera::bench {

class NginxServer {
  public:
    // Serves `body` as http://127.0.0.1:port()/<name> (Content-Type application/json); waits
    // up to ten seconds for it to accept connections. Throws, with its error log, if not.
    NginxServer(const std::string& binary, const std::string& name, const std::string& body,
                int workers);
    ~NginxServer();
    NginxServer(const NginxServer&) = delete;
    NginxServer& operator=(const NginxServer&) = delete;

    int port() const { return port_; }
    std::string path() const { return "/" + name_; }
    // CPU time nginx has used so far (the master and its exited and running workers), seconds.
    double cpuSeconds() const;

  private:
    void stop();
    std::string errorLog() const;

    std::string directory_;
    std::string name_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace tessera::bench
