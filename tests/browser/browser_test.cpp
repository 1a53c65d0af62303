// The web UI in a real browser (issue 17): a scratch database with the demo seed
// (`tessera seed-demo`), the real server on a free loopback port with authentication on, and
// ui_test.mjs driving Debian's headless chromium through playwright-core against it: each
// demo role logs in, visits every page, acknowledges the open proposal, counts the nodes of the
// blast-radius picture, logs out; no console errors. Without chromium, node or the npm packages
// the test fails and says what is missing (it never passes without a browser).
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/test_server.hpp"

namespace tessera::testing {
namespace {

const std::string kSourceDir = TESSERA_SOURCE_DIR;

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

std::string envOr(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

struct Run {
    int status = -1;
    std::string output;  // stdout and stderr
};

// `command` through the shell with `environment` (NAME=value words, no quoting needed: paths
// and URLs of this test only), output kept in a file beside the scratch database's name.
Run runShell(const std::string& environment, const std::string& command, int timeoutSeconds) {
    const std::string log = "/tmp/tessera-browser-" + uniqueSuffix() + ".log";
    const std::string line = "env " + environment + " timeout " + std::to_string(timeoutSeconds) +
                             " " + command + " > " + log + " 2>&1";
    const int raw = std::system(line.c_str());
    std::ifstream file(log);
    std::stringstream text;
    text << file.rdbuf();
    std::remove(log.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128, text.str()};
}

// What the browser test needs beyond the server, each named when missing.
void requireBrowserTools(const std::string& chromium, const std::string& web) {
    if (!exists(chromium)) {
        FAIL("no chromium at " + chromium +
             ": install Debian's chromium (bash scripts/test.sh does) or set TESSERA_CHROMIUM");
    }
    const Run node = runShell("", std::string(TESSERA_NODE) + " --version", 30);
    if (node.status != 0)
        FAIL("node does not run (" + std::string(TESSERA_NODE) + "): install nodejs");
    for (const char* package :
         {"playwright-core/package.json", "cytoscape/dist/cytoscape.min.js"}) {
        if (!exists(web + "/node_modules/" + package)) {
            FAIL("web/node_modules/" + std::string(package) +
                 " is missing: run `npm ci` in web/ (scripts/lib.sh install_web_assets)");
        }
    }
}

}  // namespace

TEST_CASE("the web UI in headless chromium, as each demo role", "[browser]") {
    const std::string chromium = envOr("TESSERA_CHROMIUM", "/usr/bin/chromium");
    const std::string web = kSourceDir + "/web";
    requireBrowserTools(chromium, web);

    ScratchDatabase database;
    const std::string databaseEnv = "DATABASE_URL=" + database.url();
    for (const char* command : {"migrate", "seed-demo"}) {
        const Run run = runShell(databaseEnv, std::string(TESSERA_BINARY) + " " + command, 120);
        INFO(run.output);
        REQUIRE(run.status == 0);
    }
    TestServer server({{"AUTH_DISABLED", "false"},
                       {"WEB_STATIC_DIR", web + "/static"},
                       {"WEB_VENDOR_DIR", web + "/node_modules"}},
                      database.url());

    const Run run =
        runShell("TESSERA_URL=http://127.0.0.1:" + std::to_string(server.port()) +
                     " TESSERA_CHROMIUM=" + chromium + " TESSERA_WEB_DIR=" + web,
                 std::string(TESSERA_NODE) + " " + kSourceDir + "/tests/browser/ui_test.mjs", 600);
    // The script's own lines (ok / not ok per check, the 2,000-asset timing) in the CTest log.
    std::printf("%s", run.output.c_str());
    INFO(run.output);
    CHECK(run.status == 0);
}

}  // namespace tessera::testing
