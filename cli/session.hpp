// What every verb shares: the client configured from flags and environment, `--json`, and the
// rules that turn a failed call into stderr text and an exit status (spec 04 §6).
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "cli/http_client.hpp"

namespace tessera::cli {

// Exit statuses of the client.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // HTTP error, server unreachable, nothing found
inline constexpr int kExitUsage = 2;    // bad arguments or an unreadable input file

// Thrown by a verb to end the run with `status`; the message (if any) is already printed.
struct ExitRequest {
    int status;
};

struct Settings {
    std::string url = "http://localhost:8000";
    std::string apiKey;
    bool json = false;
};

class Session {
  public:
    explicit Session(const Settings& settings) : settings_(settings) {}

    // Calls the API and returns the parsed 2xx body; on ≥400 prints
    // `Error (<status>): <message>` and throws ExitRequest{1}; unreachable → `Error: cannot
    // reach <url>: <reason>`, ExitRequest{1}.
    rapidjson::Document call(const std::string& method, const std::string& path,
                             const Query& query = {}, const std::string& body = {}) const;
    // The same, but returns the raw body text (for `--json`, which prints it unchanged).
    ApiResponse callRaw(const std::string& method, const std::string& path, const Query& query = {},
                        const std::string& body = {}) const;

    // What a verb's own request returns: with --json the body is printed unchanged and nothing
    // is returned (the verb has nothing more to do); else the parsed body.
    std::optional<rapidjson::Document> fetch(const std::string& method, const std::string& path,
                                             const Query& query = {},
                                             const std::string& body = {}) const;
    bool json() const { return settings_.json; }
    ApiClient client() const { return ApiClient(settings_.url, settings_.apiKey); }
    const Settings& settings() const { return settings_; }

  private:
    const Settings& settings_;
};

// The error text of a non-2xx body: the envelope's message, else a 422 `detail`, else the text.
std::string errorMessage(const std::string& body);

// Prints `Error: <text>` on stderr and throws ExitRequest{status}.
[[noreturn]] void fail(const std::string& text, int status = kExitFailure);

}  // namespace tessera::cli
