// What the CLI says when something is wrong (issue 16 "Bad input"): HTTP errors, usage errors,
// unreadable input files, an unreachable server, and which configuration wins; plus help and
// version, which need no server.
#include <regex>

#include "tests/cli/cli_fixture.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::testing;

namespace {

const std::string kMissingId = "00000000-0000-4000-8000-000000000001";
// Nothing listens on port 1 of the loopback interface.
const std::string kUnreachable = "http://127.0.0.1:1";

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("an HTTP error is exit 1 with the envelope's message on stderr", "[cli][errors]") {
    auto missing = runTessera({"team", "get", kMissingId});
    INFO(missing.err);
    CHECK(missing.status == 1);
    CHECK(missing.out.empty());
    CHECK(std::regex_match(missing.err, std::regex("Error \\(404\\): [^{}\n]+\n")));

    auto badId = runTessera({"asset", "get", "not-a-uuid"});
    INFO(badId.err);
    CHECK(badId.status == 1);
    CHECK(has(badId.err, "Error (422): "));
    CHECK(!has(badId.err, "{"));

    // The same with --json: the error still goes to stderr, nothing to stdout.
    auto json = runTessera({"team", "get", kMissingId, "--json"});
    CHECK(json.status == 1);
    CHECK(json.out.empty());
    CHECK(has(json.err, "Error (404): "));

    auto duplicate = runTessera({"team", "create", "cli-dup-" + uniqueSuffix()});
    REQUIRE(duplicate.status == 0);
    const std::string name = duplicate.out.substr(14, duplicate.out.find(" (") - 14);
    auto again = runTessera({"team", "create", name});
    CHECK(again.status == 1);
    CHECK(has(again.err, "Error (409): "));

    auto noContract = runTessera({"register", "-a", kMissingId, "-t", kMissingId});
    INFO(noContract.err);
    CHECK(noContract.status == 1);
    CHECK(has(noContract.err, "Error (404): "));

    // Not an HTTP error but nothing to act on: exit 1 with the reason.
    const std::string team = uuidAfter(duplicate.out, "(");
    const std::string fqn = "warehouse.cli.bare_" + uniqueSuffix();
    REQUIRE(runTessera({"asset", "create", fqn, "-t", team}).status == 0);
    auto bare = runTessera({"register", "-a", fqn, "-t", team});
    CHECK(bare.status == 1);
    CHECK(bare.err == "Error: asset " + fqn + " has no active contract to register on\n");
    auto unknown = runTessera({"impact", "warehouse.cli.nowhere_" + uniqueSuffix()});
    CHECK(unknown.status == 1);
    CHECK(has(unknown.err, "Error: no asset with FQN 'warehouse.cli.nowhere_"));
}

TEST_CASE("a rejected or missing API key is exit 1 with the server's 401", "[cli][errors]") {
    auto rejected = runTessera({"team", "list"}, {{"TESSERA_API_KEY", "tess_wrong_key_0000"}});
    CHECK(rejected.status == 1);
    CHECK(has(rejected.err, "Error (401): "));
    auto none = runCli({"team", "list"}, {{"TESSERA_URL", cliServerUrl()}});
    CHECK(none.status == 1);
    CHECK(has(none.err, "Error (401): "));
}

TEST_CASE("--url and --api-key win over TESSERA_URL and TESSERA_API_KEY", "[cli][config]") {
    const CliEnv wrong = {{"TESSERA_URL", kUnreachable}, {"TESSERA_API_KEY", "tess_wrong_key_0"}};
    auto flags =
        runCli({"team", "list", "--url", cliServerUrl(), "--api-key", kBootstrapKey}, wrong);
    CHECK(flags.status == 0);
    CHECK(flags.err.empty());
    // Before the verb too.
    auto leading =
        runCli({"--url", cliServerUrl(), "--api-key", kBootstrapKey, "team", "list"}, wrong);
    CHECK(leading.status == 0);
    CHECK(leading.out == flags.out);
    // And a wrong flag beats a right environment.
    auto wrongFlag = runTessera({"team", "list", "--api-key", "tess_wrong_key_0"});
    CHECK(wrongFlag.status == 1);
    CHECK(has(wrongFlag.err, "Error (401): "));
    auto wrongUrl = runTessera({"team", "list", "--url", kUnreachable});
    CHECK(wrongUrl.status == 1);
    CHECK(has(wrongUrl.err, "cannot reach " + kUnreachable));
}

TEST_CASE("an unreachable server is exit 1 with one clear line", "[cli][errors]") {
    auto run = runCli({"team", "list"}, {{"TESSERA_URL", kUnreachable}});
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(std::regex_match(run.err,
                           std::regex("Error: cannot reach http://127\\.0\\.0\\.1:1: .+\n")));
    auto doctor = runCli({"doctor"}, {{"TESSERA_URL", kUnreachable}});
    CHECK(doctor.status == 1);
    CHECK(has(doctor.out, "PROBLEM  cannot reach " + kUnreachable));
}

TEST_CASE("a schema file that is missing or not JSON is exit 2, and nothing is sent",
          "[cli][errors]") {
    // Against an unreachable URL: a request would say "cannot reach" instead.
    const CliEnv offline = {{"TESSERA_URL", kUnreachable}};
    auto missing = runCli({"contract", "publish", "-a", kMissingId, "-v", "1.0.0", "-s",
                           "/nonexistent/schema.json", "-t", kMissingId},
                          offline);
    CHECK(missing.status == 2);
    CHECK(missing.err ==
          "Error: schema file '/nonexistent/schema.json': No such file or directory\n");
    const std::string broken = writeTempFile("broken.json", R"({"type":"object",)");
    auto notJson = runCli({"contract", "impact", kMissingId, "-s", broken}, offline);
    CHECK(notJson.status == 2);
    CHECK(has(notJson.err, "Error: schema file '" + broken + "' is not valid JSON: "));
    CHECK(notJson.err.find('\n') == notJson.err.size() - 1);
    const std::string array = writeTempFile("array.json", "[1,2]");
    auto notObject = runCli({"contract", "impact", kMissingId, "-s", array}, offline);
    CHECK(notObject.status == 2);
    CHECK(has(notObject.err, "not a JSON object"));
    auto badMetadata = runCli({"team", "create", "x", "-m", "{nope"}, offline);
    CHECK(badMetadata.status == 2);
    CHECK(has(badMetadata.err, "Error: --metadata is not a JSON object: "));
}

TEST_CASE("usage errors are exit 2 with the usage on stderr", "[cli][usage]") {
    const CliEnv offline = {{"TESSERA_URL", kUnreachable}};
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"bogus"},
             {"team", "bogus"},
             {"team", "create"},
             {"team", "list", "--bogus"},
             {"asset", "list", "--limit", "many"},
             {"contract", "publish", "-a", "x", "-v", "1.0.0", "-s", "f", "-t", "x", "-c", "odd"},
             {"proposal", "acknowledge", "x", "-t", "y", "-r", "maybe"},
             {"impact", "x", "--depth", "0"},
             {"team"},
             {"proposal"}}) {
        auto run = runCli(args, offline);
        INFO(args.front() << " " << (args.size() > 1 ? args[1] : "") << "\n" << run.err);
        CHECK(run.status == 2);
        CHECK(run.out.empty());
        CHECK(has(run.err, "Usage: tessera"));
    }
}

TEST_CASE("help at every level, version without a server", "[cli][usage]") {
    const CliEnv offline = {{"TESSERA_URL", kUnreachable}};
    auto bare = runCli({}, offline);
    CHECK(bare.status == 0);
    CHECK(has(bare.out, "Usage: tessera [OPTIONS] [SUBCOMMAND]"));
    for (const char* verb :
         {"team", "asset", "contract", "proposal", "register", "impact", "doctor", "version"}) {
        CHECK(has(bare.out, std::string("\n  ") + verb + " "));
    }
    CHECK(has(bare.out, "serve"));
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"--help"},
                                               {"help"},
                                               {"team", "--help"},
                                               {"team", "create", "--help"},
                                               {"asset", "search", "-h"},
                                               {"contract", "publish", "--help"},
                                               {"proposal", "publish", "--help"},
                                               {"register", "--help"},
                                               {"impact", "--help"},
                                               {"help", "proposal", "publish"}}) {
        auto run = runCli(args, offline);
        std::string path = "tessera";
        for (const auto& arg : args) {
            if (arg[0] != '-' && arg != "help") path += " " + arg;
        }
        INFO(path << "\n" << run.out << run.err);
        CHECK(run.status == 0);
        CHECK(has(run.out, "Usage: " + path + " "));
        CHECK(run.err.empty());
    }
    CHECK(has(runCli({"proposal", "publish", "--help"}, offline).out, "--version"));
    // The server commands answer --help without starting (or needing a database).
    for (const char* command : {"serve", "migrate", "seed-demo"}) {
        auto help =
            runCli({command, "--help"}, {{"DATABASE_URL", "postgresql://nobody@127.0.0.1:1/x"}});
        INFO(command << "\n" << help.out << help.err);
        CHECK(help.status == 0);
        CHECK(has(help.out, std::string("Usage: tessera ") + command));
    }
    auto serveHelp = runCli({"serve", "--help"});
    CHECK(has(serveHelp.out, "-p,--port"));
    CHECK(has(serveHelp.out, "-h,--host"));
    auto badPort = runCli({"serve", "--port", "70000"});
    CHECK(badPort.status == 2);
    CHECK(runCli({"migrate", "--bogus"}).status == 2);

    auto version = runCli({"version"}, offline);
    CHECK(version.status == 0);
    CHECK(std::regex_match(version.out,
                           std::regex(R"(tessera \d+\.\d+\.\d+ \(revision [0-9a-z-]+\)\n)")));
    CHECK(runCli({"--version"}, offline).out == version.out);
}

TEST_CASE("doctor says what is right and what is wrong, one line each", "[cli][doctor]") {
    auto healthy = runTessera({"doctor"});
    INFO(healthy.out << healthy.err);
    CHECK(healthy.status == 0);
    CHECK(has(healthy.out, "ok       client tessera "));
    CHECK(has(healthy.out, "ok       server at " + cliServerUrl() + " is healthy\n"));
    CHECK(std::regex_search(healthy.out,
                            std::regex("ok       server tessera \\d+\\.\\d+\\.\\d+ \\(revision ")));
    CHECK(has(healthy.out, "ok       server's database is reachable\n"));
    CHECK(!has(healthy.out, "PROBLEM"));

    // A stored key with the read scope only: valid, but publishing will fail.
    const std::string team = cliServer().createTeam("cli-doctor-" + uniqueSuffix());
    const std::string reader = cliServer().createKey(team, R"(["read"])");
    auto readOnly = runTessera({"doctor"}, {{"TESSERA_API_KEY", reader}});
    CHECK(readOnly.status == 1);
    CHECK(has(readOnly.out, "scopes: read\n"));
    CHECK(has(readOnly.out, "PROBLEM  the API key has no 'write' scope"));

    auto rejected = runTessera({"doctor"}, {{"TESSERA_API_KEY", "tess_wrong_key_0"}});
    CHECK(rejected.status == 1);
    CHECK(has(rejected.out, "PROBLEM  the API key was rejected: "));
    auto none = runCli({"doctor"}, {{"TESSERA_URL", cliServerUrl()}});
    CHECK(none.status == 1);
    CHECK(has(none.out, "PROBLEM  no API key: set TESSERA_API_KEY or pass --api-key\n"));
}
