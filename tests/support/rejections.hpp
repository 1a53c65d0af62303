// Checking that a rejected request was rejected as the spec says and left nothing behind.
#pragma once

#include <map>
#include <string>

#include "tests/support/http_client.hpp"
#include "tests/support/test_server.hpp"

namespace tessera::testing {

// "<status> <code>": the error envelope's error.code (spec 01 §2.1), or for a
// request-validation 422 (the framework shape of §2.3) the first detail's type; e.g.
// "404 TEAM_NOT_FOUND", "422 string_too_short".
std::string rejection(const HttpResult& response);

// Row counts of every table a request writes (audit events included), taken when constructed.
// changes() names each table whose count differs now, "" when none does.
class RowCounts {
  public:
    explicit RowCounts(const TestServer& server);
    std::string changes() const;

  private:
    static std::map<std::string, long long> count(const TestServer& server);
    const TestServer& server_;
    std::map<std::string, long long> before_;
};

}  // namespace tessera::testing
