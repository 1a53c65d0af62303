// A server with authentication on (AUTH_DISABLED=false) and a bootstrap key, plus helpers to
// create teams and API keys through the API the way an operator would.
#pragma once

#include <map>
#include <string>

#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

namespace tessera::testing {

inline const std::string kBootstrapKey = "tess_bootstrap_test_key_0123456789";

using Headers = std::map<std::string, std::string>;

inline Headers bearer(const std::string& key) {
    return {{"Authorization", "Bearer " + key}};
}

class SecuredServer {
  public:
    explicit SecuredServer(Env extra = {}) : server_(withAuth(std::move(extra))) {}
    // On a database the test made itself (instead of a fresh one of its own).
    SecuredServer(Env extra, const ScratchDatabase& database)
        : server_(withAuth(std::move(extra)), database.url()) {}

    const HttpClient& http() const { return server_.client(); }
    TestServer& server() { return server_; }

    std::string createTeam(const std::string& name) const {
        auto response =
            http().post("/api/v1/teams", R"({"name":")" + name + "\"}", bearer(kBootstrapKey));
        if (response.status != 201) throw std::runtime_error("team create: " + response.body);
        return str(response.json(), "id");
    }

    // Returns the raw key. `scopesJson` e.g. R"(["read"])"; `extraFields` e.g.
    // R"(,"expires_at":"2000-01-01T00:00:00Z")".
    std::string createKey(const std::string& teamId, const std::string& scopesJson,
                          const std::string& extraFields = "") const {
        return createKeyRecord(teamId, scopesJson, extraFields).key;
    }

    struct CreatedKey {
        std::string id;
        std::string key;
    };
    CreatedKey createKeyRecord(const std::string& teamId, const std::string& scopesJson,
                               const std::string& extraFields = "") const {
        auto response = http().post("/api/v1/api-keys",
                                    R"({"name":"test key","team_id":")" + teamId +
                                        R"(","scopes":)" + scopesJson + extraFields + "}",
                                    bearer(kBootstrapKey));
        if (response.status != 201) throw std::runtime_error("key create: " + response.body);
        auto body = response.json();
        return {str(body, "id"), str(body, "key")};
    }

  private:
    static Env withAuth(Env extra) {
        Env env = {{"AUTH_DISABLED", "false"}, {"BOOTSTRAP_API_KEY", kBootstrapKey}};
        for (auto& [name, value] : extra) env[name] = value;
        return env;
    }

    TestServer server_;
};

}  // namespace tessera::testing
