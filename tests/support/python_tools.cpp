#include "tests/support/python_tools.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace tessera::testing {
namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Single quotes for the shell; the paths and arguments are the tests' own.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

ToolResult runPythonTool(const std::string& script, const std::string& input,
                         const std::vector<std::string>& args) {
    char inputPath[] = "/tmp/tessera-tool-XXXXXX";
    const int fd = ::mkstemp(inputPath);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    ::close(fd);
    std::ofstream(inputPath, std::ios::binary) << input;
    const std::string errorPath = std::string(inputPath) + ".err";
    std::string command = quoted(TESSERA_SYSTEM_PYTHON) + " " +
                          quoted(std::string(TESSERA_TOOLS_DIR) + "/" + script) + " " +
                          quoted(inputPath);
    for (const auto& arg : args) command.append(" ").append(quoted(arg));
    command += " 2>" + quoted(errorPath);

    ToolResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    char buffer[4096];
    size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.output.append(buffer, read);
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.errors = readAll(errorPath);
    std::remove(inputPath);
    std::remove(errorPath.c_str());
    return result;
}

std::string sharedDataPath(const std::string& relative) {
    const char* overridden = std::getenv("TESSERA_SHARED_DATA");
    return std::string(overridden ? overridden : TESSERA_SHARED_DATA_DIR) + "/" + relative;
}

}  // namespace tessera::testing
