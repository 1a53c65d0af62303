// What an operator sees (issue 18): one access-log line per request, in JSON when the log is
// not a terminal, slow requests at warning, and the build on /health and `tessera --version`.
#include <rapidjson/document.h>

#include <cstdio>
#include <regex>
#include <sstream>

#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/secured_server.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// The parsed JSON log lines of `log` whose field `key` is `value`.
std::vector<rapidjson::Document> linesWith(const std::string& log, const std::string& key,
                                           const std::string& value) {
    std::vector<rapidjson::Document> found;
    std::istringstream lines(log);
    std::string line;
    while (std::getline(lines, line)) {
        rapidjson::Document parsed;
        parsed.Parse(line.c_str());
        if (parsed.HasParseError() || !parsed.IsObject()) continue;
        const auto member = parsed.FindMember(key.c_str());
        if (member != parsed.MemberEnd() && member->value.IsString() &&
            member->value.GetString() == value) {
            found.push_back(std::move(parsed));
        }
    }
    return found;
}

std::string commandOutput(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
    CHECK(::pclose(pipe) == 0);
    return output;
}

}  // namespace

TEST_CASE("every request leaves one access-log line with its request id and key id",
          "[http][logs]") {
    SecuredServer secured;  // its log is a file: JSON lines by default
    const std::string team = secured.createTeam("observed");
    const auto key = secured.createKeyRecord(team, R"(["read"])");
    const std::string missing = "/api/v1/teams/00000000-0000-4000-8000-000000000001";
    auto response = secured.http().get(
        missing, {{"Authorization", "Bearer " + key.key}, {"X-Request-ID", "trace-obs-1"}});
    REQUIRE(response.status == 404);

    const std::string log = secured.server().log();
    INFO(log);
    const auto lines = linesWith(log, "request_id", "trace-obs-1");
    REQUIRE(lines.size() == 1);
    const auto& line = lines.front();
    CHECK(keys(line) ==
          "time,level,message,request_id,method,route,status,duration_ms,bytes,client,key_id");
    CHECK(str(line, "level") == "info");
    CHECK(str(line, "message") == "request");
    CHECK(str(line, "method") == "GET");
    CHECK(str(line, "route") == "/api/v1/teams/{team_id}");  // the template, not the path
    CHECK(num(line["status"]) == 404);
    CHECK(num(line["bytes"]) == static_cast<long long>(response.body.size()));
    CHECK(str(line, "client") == "127.0.0.1");
    CHECK(str(line, "key_id") == key.id);  // the id, never the key
    CHECK(log.find(key.key) == std::string::npos);
    CHECK(line["duration_ms"].IsNumber());
    // The id the error envelope carries is the one logged.
    CHECK(str(response.json()["error"], "request_id") == "trace-obs-1");

    // Unmatched paths are logged too, without a key when none was sent.
    secured.http().get("/nowhere", {{"X-Request-ID", "trace-obs-2"}});
    const auto unmatched = linesWith(secured.server().log(), "request_id", "trace-obs-2");
    REQUIRE(unmatched.size() == 1);
    CHECK(str(unmatched.front(), "route") == "unmatched");
    CHECK_FALSE(unmatched.front().HasMember("key_id"));
}

TEST_CASE("requests slower than SLOW_REQUEST_MS are logged at warning; LOG_FORMAT=text",
          "[http][logs]") {
    TestServer server(Env{{"SLOW_REQUEST_MS", "1"}, {"LOG_FORMAT", "text"}});
    // Parsing (and refusing) 4 MB of JSON takes well over a millisecond anywhere.
    const std::string big = R"({"name":")" + std::string(4 << 20, 'a') + "\"}";
    auto refused = server.client().post("/api/v1/teams", big, {{"X-Request-ID", "trace-slow"}});
    CHECK(refused.status == 422);
    const std::string log = server.log();
    const size_t at = log.find("WARNING slow request request_id=trace-slow method=POST");
    INFO(log.substr(0, 4000));
    CHECK(at != std::string::npos);
    CHECK(log.find("route=/api/v1/teams status=422", at) != std::string::npos);
    // Text format: no JSON lines.
    CHECK(log.find("{\"time\"") == std::string::npos);
}

TEST_CASE("the build is on /health and `tessera --version`", "[http][logs][version]") {
    const std::string printed = commandOutput(std::string(TESSERA_BINARY) + " --version");
    std::smatch parts;
    REQUIRE(std::regex_match(
        printed, parts,
        std::regex(R"(tessera (\d+\.\d+\.\d+) \(revision ([0-9a-f]{7,}(-dirty)?|unknown)\)\n)")));
    CHECK(commandOutput(std::string(TESSERA_BINARY) + " version") == printed);
    auto health = sharedServer().client().get("/health");
    CHECK(health.body == R"({"status":"healthy"})");  // the body stays the spec's
    CHECK(health.header("x-tessera-version") == parts[1].str());
    CHECK(health.header("x-tessera-revision") == parts[2].str());
    CHECK(sharedServer().client().get("/health/ready").header("x-tessera-version") ==
          parts[1].str());
}
