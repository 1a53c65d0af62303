#include "server/http/router.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;

namespace {

HttpResponse noop(RequestContext&) {
    return {};
}

Router makeRouter() {
    return Router({
        {"GET", "/api/v1/assets/{asset_id}", AuthRequirement::Read, RateBucket::Read,
         BodyKind::None, noop},
        {"PATCH", "/api/v1/assets/{asset_id}", AuthRequirement::Write, RateBucket::Write,
         BodyKind::Json, noop},
        {"GET", "/api/v1/assets/search", AuthRequirement::Read, RateBucket::Read, BodyKind::None,
         noop},
        {"GET", "/api/v1/teams", AuthRequirement::Read, RateBucket::Read, BodyKind::None, noop},
        {"GET", "/health", AuthRequirement::None, RateBucket::None, BodyKind::None, noop},
    });
}

}  // namespace

TEST_CASE("literal segments win over parameters", "[router]") {
    Router router = makeRouter();
    auto search = router.match("GET", "/api/v1/assets/search");
    REQUIRE(search.kind == RouteMatch::Kind::Found);
    CHECK(search.route->pathTemplate == "/api/v1/assets/search");

    auto byId = router.match("GET", "/api/v1/assets/abc");
    REQUIRE(byId.kind == RouteMatch::Kind::Found);
    CHECK(byId.pathParams.at("asset_id") == "abc");
}

TEST_CASE("a literal path with another method falls through to the parameter route", "[router]") {
    // PATCH /assets/search is PATCH /assets/{asset_id} with asset_id "search" (then 422).
    auto match = makeRouter().match("PATCH", "/api/v1/assets/search");
    REQUIRE(match.kind == RouteMatch::Kind::Found);
    CHECK(match.pathParams.at("asset_id") == "search");
}

TEST_CASE("known path with an unknown method is 405, unknown path 404", "[router]") {
    Router router = makeRouter();
    CHECK(router.match("DELETE", "/api/v1/teams").kind == RouteMatch::Kind::MethodNotAllowed);
    CHECK(router.match("HEAD", "/health").kind == RouteMatch::Kind::MethodNotAllowed);
    CHECK(router.match("GET", "/api/v1/nothing").kind == RouteMatch::Kind::NotFound);
    CHECK(router.match("GET", "/API/v1/teams").kind == RouteMatch::Kind::NotFound);
}

TEST_CASE("trailing slashes are distinct paths that redirect", "[router]") {
    Router router = makeRouter();
    CHECK(router.match("GET", "/api/v1/teams/").kind == RouteMatch::Kind::NotFound);
    CHECK(router.redirectTarget("/api/v1/teams/") == std::optional<std::string>("/api/v1/teams"));
    CHECK(router.redirectTarget("/api/v1/assets/x/") ==
          std::optional<std::string>("/api/v1/assets/x"));
    CHECK_FALSE(router.redirectTarget("/api/v1/nothing/"));
    CHECK_FALSE(router.redirectTarget("/api/v1/teams"));
}

TEST_CASE("path parameters are percent-decoded", "[router]") {
    auto match = makeRouter().match("GET", "/api/v1/assets/a%20b");
    REQUIRE(match.kind == RouteMatch::Kind::Found);
    CHECK(match.pathParams.at("asset_id") == "a b");
}

TEST_CASE("precedence is decided at the first position where templates differ", "[router]") {
    auto route = [](const char* method, const char* path) {
        return Route{method, path, AuthRequirement::None, RateBucket::None, BodyKind::None, noop};
    };
    Router router({route("GET", "/a/{x}/c"), route("GET", "/a/b/{y}"), route("POST", "/a/b/c"),
                   route("GET", "/a/{x}/{z}/d")});
    auto literalFirst = router.match("GET", "/a/b/c");  // POST /a/b/c is tried, then /a/b/{y}
    REQUIRE(literalFirst.kind == RouteMatch::Kind::Found);
    CHECK(literalFirst.route->pathTemplate == "/a/b/{y}");
    CHECK(literalFirst.pathParams == std::map<std::string, std::string>{{"y", "c"}});

    auto backtracked = router.match("GET", "/a/b/q/d");  // /a/b/… has no four-segment route
    REQUIRE(backtracked.kind == RouteMatch::Kind::Found);
    CHECK(backtracked.pathParams == std::map<std::string, std::string>{{"x", "b"}, {"z", "q"}});

    CHECK(router.match("DELETE", "/a/b/c").kind == RouteMatch::Kind::MethodNotAllowed);
    CHECK(router.match("GET", "/a/b").kind == RouteMatch::Kind::NotFound);
    CHECK(router.match("GET", "/a//c").kind == RouteMatch::Kind::NotFound);  // empty parameter

    // Two names for one parameter position would make the trie ambiguous: refused up front.
    CHECK_THROWS_AS(Router({route("GET", "/t/{id}"), route("PUT", "/t/{team_id}")}),
                    std::logic_error);
}

TEST_CASE("a {name...} segment takes the rest of the path, literals first", "[router]") {
    Router router({
        {"GET", "/static/{path...}", AuthRequirement::None, RateBucket::None, BodyKind::None, noop},
        {"GET", "/static/vendor/{path...}", AuthRequirement::None, RateBucket::None, BodyKind::None,
         noop},
        {"GET", "/static/vendor/exact", AuthRequirement::None, RateBucket::None, BodyKind::None,
         noop},
    });
    auto file = router.match("GET", "/static/pages/asset.js");
    REQUIRE(file.kind == RouteMatch::Kind::Found);
    CHECK(file.route->pathTemplate == "/static/{path...}");
    CHECK(file.pathParams.at("path") == "pages/asset.js");

    auto vendor = router.match("GET", "/static/vendor/cytoscape/dist/cytoscape.min.js");
    REQUIRE(vendor.kind == RouteMatch::Kind::Found);
    CHECK(vendor.route->pathTemplate == "/static/vendor/{path...}");
    CHECK(vendor.pathParams.at("path") == "cytoscape/dist/cytoscape.min.js");
    CHECK(router.match("GET", "/static/vendor/exact").route->pathTemplate ==
          "/static/vendor/exact");
    // "vendor" alone is a file name under /static/.
    CHECK(router.match("GET", "/static/vendor").pathParams.at("path") == "vendor");

    // Decoded as a whole: an encoded slash or dot segment reaches the handler, which refuses it.
    CHECK(router.match("GET", "/static/a%2F..%2Fb").pathParams.at("path") == "a/../b");
    // Never empty.
    CHECK(router.match("GET", "/static/").kind == RouteMatch::Kind::NotFound);
    CHECK(router.match("GET", "/static").kind == RouteMatch::Kind::NotFound);
    CHECK(router.match("POST", "/static/app.css").kind == RouteMatch::Kind::MethodNotAllowed);
    CHECK_THROWS(Router({{"GET", "/x/{rest...}/y", AuthRequirement::None, RateBucket::None,
                          BodyKind::None, noop}}));
}
