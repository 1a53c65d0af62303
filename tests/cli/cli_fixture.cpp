#include "tests/cli/cli_fixture.hpp"

#include <regex>

namespace tessera::testing {

SecuredServer& cliServer() {
    // The bootstrap key only creates teams while there are none (spec 01): one team first, so
    // that every test may use it whatever the order the tests run in.
    static SecuredServer server;
    static const std::string first = server.createTeam("cli-first-" + uniqueSuffix());
    return server;
}

std::string cliServerUrl() {
    return "http://127.0.0.1:" + std::to_string(cliServer().http().port());
}

CliEnv clientEnv(const std::string& apiKey) {
    return {{"TESSERA_URL", cliServerUrl()}, {"TESSERA_API_KEY", apiKey}};
}

CliRun runTessera(const std::vector<std::string>& args, const CliEnv& extra) {
    CliEnv env = clientEnv();
    for (const auto& [name, value] : extra) env[name] = value;
    return runCli(args, env);
}

std::string uuidAfter(const std::string& text, const std::string& marker) {
    const size_t at = text.find(marker);
    if (at == std::string::npos) return "";
    static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    std::smatch found;
    const std::string rest = text.substr(at + marker.size());
    return std::regex_search(rest, found, uuid) ? found.str() : "";
}

HttpResult adminPost(const std::string& path, const std::string& body) {
    return cliServer().http().post("/api/v1" + path, body, bearer(kBootstrapKey));
}

HttpResult adminGet(const std::string& path) {
    return cliServer().http().get("/api/v1" + path, bearer(kBootstrapKey));
}

}  // namespace tessera::testing
