// The checkers in tests/tools/, run with Debian's python3 (/usr/bin/python3, where apt puts
// python3-prometheus-client and python3-jsonschema; a python3 earlier in PATH may lack them).
#pragma once

#include <string>
#include <vector>

namespace tessera::testing {

struct ToolResult {
    int status = -1;     // the exit status
    std::string output;  // stdout
    std::string errors;  // stderr
};

// Writes `input` to a temporary file and runs `python3 tests/tools/<script> <file> <args…>`.
ToolResult runPythonTool(const std::string& script, const std::string& input,
                         const std::vector<std::string>& args = {});

// Where the tests may read shared reference files (never copied into the repository).
std::string sharedDataPath(const std::string& relative);

}  // namespace tessera::testing
