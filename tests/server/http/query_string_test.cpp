#include "server/http/http_types.hpp"
#include "tests/support/catch.hpp"

using tessera::server::HttpRequest;
using tessera::server::parseQueryString;

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("a query string is read as Starlette reads it", "[http][query]") {
    CHECK(parseQueryString("") == Pairs{});
    CHECK(parseQueryString("a=1&b=2") == Pairs{{"a", "1"}, {"b", "2"}});
    // Repeats kept in order; empty pieces skipped; no `=` is an empty value; `=` in a value.
    CHECK(parseQueryString("limit=0&&limit=3&flag&x=a=b") ==
          Pairs{{"limit", "0"}, {"limit", "3"}, {"flag", ""}, {"x", "a=b"}});
    // Percent-decoding and `+` as a space, in names and values.
    CHECK(parseQueryString("q=a+b%26c&na%6De=%zz") == Pairs{{"q", "a b&c"}, {"name", "%zz"}});
}

TEST_CASE("a repeated query parameter: the last occurrence wins", "[http][query]") {
    HttpRequest request;
    request.query = parseQueryString("limit=0&limit=3");
    CHECK(request.queryValue("limit") == "3");
    CHECK_FALSE(request.queryValue("offset"));
}
