// What the CLI tests share: one real server with authentication on (so that the API key the
// client sends matters), the environment a user would set for it, and reading ids out of the
// client's human output.
#pragma once

#include <string>
#include <vector>

#include "tests/cli/cli_runner.hpp"
#include "tests/support/secured_server.hpp"

namespace tessera::testing {

SecuredServer& cliServer();
// http://127.0.0.1:<port> of cliServer().
std::string cliServerUrl();
// TESSERA_URL and TESSERA_API_KEY for cliServer() (the bootstrap key, admin, unless told).
CliEnv clientEnv(const std::string& apiKey = kBootstrapKey);
// `tessera args...` against cliServer() with clientEnv() plus `extra`.
CliRun runTessera(const std::vector<std::string>& args, const CliEnv& extra = {});
// The first UUID in `text` after `marker` ("" when there is none).
std::string uuidAfter(const std::string& text, const std::string& marker);
// POST /api/v1<path> as the bootstrap key, for what the CLI has no verb for (dependencies).
HttpResult adminPost(const std::string& path, const std::string& body);
HttpResult adminGet(const std::string& path);

}  // namespace tessera::testing
