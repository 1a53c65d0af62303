// tessera doctor: is the URL reachable, is the server healthy and ready, which version is the
// client, is the key accepted and what may it do. One line per check; exit 1 when any fails.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/version.hpp"

namespace tessera::cli {
namespace {

// Doctor makes several calls, so --json prints its own summary:
// {"ok": bool, "checks": [{"ok": bool, "message": str}, ...]}.
class Report {
  public:
    explicit Report(bool json) : json_(json) {}
    void ok(const std::string& text) { add(true, text); }
    void problem(const std::string& text) { add(false, text); }
    bool failed() const { return failed_; }
    void finish() {
        if (!json_) return;
        body_.EndArray();
        body_.Key("ok");
        body_.Bool(!failed_);
        body_.EndObject();
        std::cout << buffer_.GetString() << "\n";
    }

  private:
    void add(bool passed, const std::string& text) {
        failed_ = failed_ || !passed;
        if (!json_) {
            std::cout << (passed ? "ok       " : "PROBLEM  ") << text << "\n";
            return;
        }
        if (!started_) {
            body_.StartObject();
            body_.Key("checks");
            body_.StartArray();
            started_ = true;
        }
        body_.StartObject();
        body_.Key("ok");
        body_.Bool(passed);
        body_.Key("message");
        body_.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
        body_.EndObject();
    }

    bool json_;
    bool failed_ = false;
    bool started_ = false;
    rapidjson::StringBuffer buffer_;
    rapidjson::Writer<rapidjson::StringBuffer> body_{buffer_};
};

rapidjson::Document parsed(const ApiResponse& response) {
    rapidjson::Document document;
    document.Parse(response.body.c_str(), response.body.size());
    return document;
}

void checkHealth(const ApiClient& client, Report& report) {
    const ApiResponse health = client.raw("GET", "/health");
    if (health.status != 200 || stringAt(parsed(health), {"status"}) != "healthy") {
        report.problem("GET /health answered " + std::to_string(health.status) +
                       " (is this a Tessera server?)");
    } else {
        report.ok("server at " + client.baseUrl() + " is healthy");
    }
    // /health carries the build since 0.2.0 (issue 18); a server without it is older.
    const std::string version = health.header("x-tessera-version");
    if (version.empty()) {
        report.problem("the server does not say its version (older than tessera 0.2.0?)");
    } else {
        // A different version is said, not failed: the API is versioned by its path.
        report.ok("server tessera " + version + " (revision " +
                  health.header("x-tessera-revision") + ")" +
                  (version == clientVersion() ? "" : ", this client is " + clientVersion()));
    }
    const ApiResponse ready = client.raw("GET", "/health/ready");
    if (ready.status != 200) {
        report.problem("server is not ready: " + stringAt(parsed(ready), {"error"}));
    } else {
        report.ok("server's database is reachable");
    }
}

// The scopes of the key in use: GET /api-keys lists the caller team's keys, and a key is
// recognised by its stored prefix (spec 01: part 1 + '_' + part 2 + '_' + 4 characters).
void checkKey(const ApiClient& client, Report& report) {
    const ApiResponse keys = client.api("GET", "/api-keys");
    if (keys.status == 401) {
        report.problem(client.apiKey().empty()
                           ? "no API key: set TESSERA_API_KEY or pass --api-key"
                           : "the API key was rejected: " + errorMessage(keys.body));
        return;
    }
    if (keys.status >= 400) {
        report.problem("GET /api/v1/api-keys answered " + std::to_string(keys.status) + ": " +
                       errorMessage(keys.body));
        return;
    }
    const rapidjson::Document list = parsed(keys);
    if (client.apiKey().empty()) {
        report.ok("the server does not require an API key (authentication disabled)");
        return;
    }
    for (const auto& key : arrayAt(list, "keys").GetArray()) {
        const std::string prefix = stringAt(key, {"key_prefix"});
        if (prefix.empty() || client.apiKey().rfind(prefix, 0) != 0) continue;
        std::string scopes;
        bool canWrite = false;
        for (const auto& scope : arrayAt(key, "scopes").GetArray()) {
            const std::string name = scalarText(scope);
            if (!scopes.empty()) scopes += ", ";
            scopes += name;
            canWrite = canWrite || name == "write" || name == "admin";
        }
        report.ok("API key '" + stringAt(key, {"name"}) + "' of team " +
                  stringAt(key, {"team_id"}) + " is valid, scopes: " + scopes);
        if (!canWrite) report.problem("the API key has no 'write' scope: publishing will fail");
        return;
    }
    // Accepted but not listed: a bootstrap key from the server's configuration.
    report.ok("the API key is accepted (not a stored key: scopes not listed)");
}

void doctor(const Session& session) {
    Report report(session.json());
    const ApiClient client = session.client();
    report.ok("client " + versionLine());
    try {
        checkHealth(client, report);
        checkKey(client, report);
    } catch (const UnreachableError& error) {
        report.problem("cannot reach " + client.baseUrl() + ": " + error.what());
    }
    report.finish();
    if (report.failed()) throw ExitRequest{kExitFailure};
}

}  // namespace

void addDoctorCommand(CLI::App& app, Commands& commands) {
    commands.verb(app, "doctor", "Check the URL, the server's health and the API key", doctor);
}

}  // namespace tessera::cli
