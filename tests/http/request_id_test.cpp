// Issue 18 "bad input": an X-Request-ID longer than 128 characters or with characters outside
// [A-Za-z0-9._-] is replaced by a generated id, in the header and in the error envelope.
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

TEST_CASE("a plain X-Request-ID is echoed", "[http][request_id]") {
    const auto& http = sharedServer().client();
    const std::string longest(128, 'r');
    auto echoed = http.get("/nowhere", {{"X-Request-ID", longest}});
    CHECK(echoed.header("x-request-id") == longest);
    CHECK(str(echoed.json()["error"], "request_id") == longest);
    CHECK(http.get("/health", {{"X-Request-ID", "a.B_9-z"}}).header("x-request-id") == "a.B_9-z");
}

TEST_CASE("a bad X-Request-ID is replaced, not echoed", "[http][request_id]") {
    const auto& http = sharedServer().client();
    for (const std::string& bad :
         {std::string(129, 'r'), std::string("has space"), std::string("<script>alert(1)</script>"),
          std::string("a/b?c"), std::string("caf\xc3\xa9")}) {
        INFO(bad);
        auto response = http.get("/nowhere", {{"X-Request-ID", bad}});
        CHECK(response.status == 404);
        const std::string id = response.header("x-request-id");
        CHECK(id != bad);
        CHECK(id.size() == 36);  // a generated UUID
        CHECK(str(response.json()["error"], "request_id") == id);
        CHECK(response.body.find(bad) == std::string::npos);
    }
}
