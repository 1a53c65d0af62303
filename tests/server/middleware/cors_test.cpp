#include "server/middleware/cors.hpp"

#include "tests/support/catch.hpp"

using namespace tessera::server;

namespace {

HttpRequest preflightRequest(const std::string& origin, const std::string& method) {
    HttpRequest request;
    request.method = "OPTIONS";
    request.path = "/api/v1/teams";
    request.headers["origin"] = origin;
    request.headers["access-control-request-method"] = method;
    return request;
}

}  // namespace

TEST_CASE("preflight from an allowed origin echoes it", "[cors]") {
    CorsPolicy cors(Config{});
    auto request = preflightRequest("http://localhost:3000", "PUT");
    request.headers["access-control-request-headers"] = "Authorization, Content-Type";
    REQUIRE(CorsPolicy::isPreflight(request));
    HttpResponse response = cors.preflight(request);
    CHECK(response.status == 200);
    CHECK(response.body == "OK");
    CHECK(response.header("Access-Control-Allow-Origin") == "http://localhost:3000");
    CHECK(response.header("Access-Control-Allow-Methods") ==
          "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    CHECK(response.header("Access-Control-Allow-Headers") == "Authorization, Content-Type");
    CHECK(response.header("Access-Control-Max-Age") == "600");
}

TEST_CASE("preflight refusals name what is disallowed", "[cors]") {
    Config production;
    production.environment = "production";
    CorsPolicy cors(production);
    CHECK(cors.preflight(preflightRequest("https://evil.example", "GET")).body ==
          "Disallowed CORS origin");
    CHECK(cors.preflight(preflightRequest("http://localhost:3000", "PUT")).body ==
          "Disallowed CORS method");
    auto both = cors.preflight(preflightRequest("https://evil.example", "PUT"));
    CHECK(both.status == 400);
    CHECK(both.body == "Disallowed CORS origin, method");
    CHECK_FALSE(both.header("Access-Control-Allow-Origin"));
}

TEST_CASE("simple requests get credentials and the origin when allowed", "[cors]") {
    CorsPolicy cors(Config{});
    HttpRequest request;
    request.method = "GET";
    request.headers["origin"] = "http://localhost:5173";
    HttpResponse response;
    cors.decorate(request, response);
    CHECK(response.header("Access-Control-Allow-Credentials") == "true");
    CHECK(response.header("Access-Control-Allow-Origin") == "http://localhost:5173");
    CHECK(response.header("Vary") == "Origin");

    request.headers["origin"] = "https://evil.example";
    HttpResponse refused;
    cors.decorate(request, refused);
    CHECK(refused.header("Access-Control-Allow-Credentials") == "true");
    CHECK_FALSE(refused.header("Access-Control-Allow-Origin"));
}

TEST_CASE("a wildcard origin answers * unless cookies are sent", "[cors]") {
    Config config;
    config.corsOrigins = {"*"};
    CorsPolicy cors(config);
    HttpRequest request;
    request.method = "GET";
    request.headers["origin"] = "https://any.example";
    HttpResponse response;
    cors.decorate(request, response);
    CHECK(response.header("Access-Control-Allow-Origin") == "*");

    request.headers["cookie"] = "session=x";
    HttpResponse withCookie;
    cors.decorate(request, withCookie);
    CHECK(withCookie.header("Access-Control-Allow-Origin") == "https://any.example");
}
