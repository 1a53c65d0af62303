// The real `tessera` binary as a subprocess, the way a person or a CI job runs it: arguments,
// environment and (optionally) standard input in; exit status, stdout and stderr out. The
// caller's TESSERA_* variables are dropped so that only what a test sets reaches the client.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tessera::testing {

struct CliRun {
    int status = -1;  // the exit status, or 128 + signal
    std::string out;
    std::string err;
};

using CliEnv = std::map<std::string, std::string>;

// Runs TESSERA_BINARY with `args`; killed (and the test failed) after 60 s.
CliRun runCli(const std::vector<std::string>& args, const CliEnv& env = {});

// A file under a directory removed when the process exits, holding `content`.
std::string writeTempFile(const std::string& name, const std::string& content);

}  // namespace tessera::testing
