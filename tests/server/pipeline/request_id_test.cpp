// The X-Request-ID rule (issue 18): plain tokens up to 128 characters are kept, anything else is
// replaced by a generated UUID.
#include "server/pipeline/request_id.hpp"

#include <string>

#include "tests/support/catch.hpp"

using tessera::server::isAcceptableRequestId;
using tessera::server::kMaxRequestIdLength;
using tessera::server::requestIdFor;

TEST_CASE("plain request ids are kept", "[pipeline][request_id]") {
    CHECK(requestIdFor(std::string("trace-123")) == "trace-123");
    CHECK(requestIdFor(std::string("A.b_C-9")) == "A.b_C-9");
    const std::string longest(kMaxRequestIdLength, 'x');
    CHECK(requestIdFor(longest) == longest);
}

TEST_CASE("other request ids are replaced by a UUID", "[pipeline][request_id]") {
    for (const std::string& bad :
         {std::string(kMaxRequestIdLength + 1, 'x'), std::string(""), std::string("a b"),
          std::string("a/b"), std::string("<script>"), std::string("caf\xc3\xa9"),
          std::string("a\tb"), std::string("a:b")}) {
        INFO(bad);
        CHECK_FALSE(isAcceptableRequestId(bad));
        const std::string replaced = requestIdFor(bad);
        CHECK(replaced != bad);
        CHECK(replaced.size() == 36);
    }
    CHECK(requestIdFor(std::nullopt).size() == 36);
}
