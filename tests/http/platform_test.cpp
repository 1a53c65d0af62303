// HTTP conventions of spec 01 §1–§5, §8 against the real server.
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"
#include "tests/support/webhook_receiver.hpp"

using namespace tessera::testing;

TEST_CASE("health endpoints", "[http][health]") {
    const auto& http = sharedServer().client();
    auto health = http.get("/health");
    CHECK(health.status == 200);
    CHECK(health.body == R"({"status":"healthy"})");
    CHECK(health.header("content-type") == "application/json");
    CHECK(http.get("/health/live").body == R"({"status":"alive"})");
    auto ready = http.get("/health/ready");
    CHECK(ready.status == 200);
    CHECK(ready.body == R"({"status":"ready","database":true})");
}

TEST_CASE("every response carries the request id and security headers", "[http]") {
    const auto& http = sharedServer().client();
    auto generated = http.get("/health");
    CHECK(generated.header("x-request-id").size() == 36);
    CHECK(generated.header("x-content-type-options") == "nosniff");
    CHECK(generated.header("x-frame-options") == "DENY");
    CHECK(generated.header("referrer-policy") == "no-referrer");

    auto echoed = http.get("/nowhere", {{"X-Request-ID", "trace-123"}});
    CHECK(echoed.header("x-request-id") == "trace-123");
    CHECK(str(echoed.json()["error"], "request_id") == "trace-123");
}

TEST_CASE("unknown route is a 404 envelope", "[http][routing]") {
    auto response = sharedServer().client().get("/api/v1/nothing-here");
    CHECK(response.status == 404);
    auto body = response.json();
    CHECK(errorCode(body) == "NOT_FOUND");
    CHECK(errorMessage(body) == "Not Found");
    CHECK(keys(body["error"]) == "code,message,request_id,timestamp");
    const std::string stamp = str(body["error"], "timestamp");
    CHECK(stamp.substr(stamp.size() - 6) == "+00:00");
}

TEST_CASE("wrong method is a 405 with code BAD_REQUEST", "[http][routing]") {
    const auto& http = sharedServer().client();
    auto response = http.request("DELETE", "/api/v1/teams");
    CHECK(response.status == 405);
    CHECK(errorCode(response.json()) == "BAD_REQUEST");
    CHECK(errorMessage(response.json()) == "Method Not Allowed");
    CHECK(response.header("allow").empty());
    CHECK(http.request("HEAD", "/health").status == 405);
}

TEST_CASE("a trailing slash redirects with 307 keeping the query", "[http][routing]") {
    auto response = sharedServer().client().get("/api/v1/teams/?limit=5");
    CHECK(response.status == 307);
    const std::string location = response.header("location");
    CHECK(location.find("/api/v1/teams?limit=5") != std::string::npos);
    CHECK(location.rfind("http://", 0) == 0);
    CHECK(response.body.empty());
}

TEST_CASE("malformed JSON is a 422 json_invalid with the offset", "[http][body]") {
    auto response = sharedServer().client().post("/api/v1/teams", R"({"name": )");
    CHECK(response.status == 422);
    auto body = response.json();
    REQUIRE(body["detail"].Size() == 1);
    const auto& item = body["detail"][0];
    CHECK(str(item, "type") == "json_invalid");
    CHECK(text(item["loc"][0]) == "body");
    CHECK(item["loc"][1].IsInt());
    CHECK(str(item, "msg") == "JSON decode error");
    CHECK(item["ctx"].HasMember("error"));
    // The offset counts characters, as Python's json module does, not UTF-8 bytes.
    for (const auto& [malformed, at] : std::vector<std::pair<std::string, int>>{
             {"{\"name\":\"\xC3\xA9\xC3\xA9\",}", 13}, {"{\"name\":\"\xF0\x9F\x98\x80\",}", 12}}) {
        auto located = sharedServer().client().post("/api/v1/teams", malformed);
        CHECK(located.status == 422);
        CHECK(located.json()["detail"][0]["loc"][1].GetInt() == at);
    }
}

TEST_CASE("serve -h/--host and -p/--port win over API_HOST and API_PORT", "[http][serve]") {
    // Spec 04 §6: `serve -h/--host 0.0.0.0 -p/--port 8000 -r/--reload`; --reload is accepted.
    const int port = unusedLoopbackPort();
    TestServer server(Env{{"API_HOST", "0.0.0.0"}}, {},
                      {"--host", "127.0.0.1", "-p", std::to_string(port), "--reload"});
    CHECK(server.port() == port);
    CHECK(server.client().get("/health").status == 200);
}

TEST_CASE("a body of whitespace is malformed JSON, not an absent body", "[http][body]") {
    // Spec 01 §1.2: only an empty body is absent. Whitespace is parsed and fails at its end.
    HttpClient anonymous(sharedServer().port());
    auto response = anonymous.post("/api/v1/users", "   ");
    CHECK(response.status == 422);
    auto body = response.json();
    REQUIRE(body["detail"].Size() == 1);
    CHECK(str(body["detail"][0], "type") == "json_invalid");
    CHECK(text(body["detail"][0]["loc"][0]) == "body");
    CHECK(body["detail"][0]["loc"][1].GetInt() == 3);
    // An empty body still is absent: a missing body, not malformed JSON.
    auto empty = anonymous.post("/api/v1/users", "");
    CHECK(empty.status == 422);
    CHECK(str(empty.json()["detail"][0], "type") == "missing");
}

TEST_CASE("a megabyte of [[[[ is a 4xx, not a crash", "[http][body]") {
    auto& server = sharedServer();
    auto response = server.client().post("/api/v1/teams", std::string(1000000, '['));
    CHECK(response.status == 422);
    CHECK(server.client().get("/health").status == 200);  // still alive
}

TEST_CASE("an oversized body is refused with 413", "[http][body]") {
    TestServer server(Env{{"MAX_REQUEST_BODY_BYTES", "2048"}});
    const std::string big = R"({"name":"x","metadata":{"pad":")" + std::string(3000, 'a') + "\"}}";
    auto response = server.client().post("/api/v1/teams", big);
    CHECK(response.status == 413);
    CHECK(errorCode(response.json()) == "PAYLOAD_TOO_LARGE");
    auto huge = server.client().post("/api/v1/teams", std::string(200000, ' '));
    CHECK(huge.status == 413);
    CHECK(server.client().get("/health").status == 200);
}

TEST_CASE("a non-JSON content type fails validation", "[http][body]") {
    auto response = sharedServer().client().post("/api/v1/teams", "name=analytics",
                                                 {{"Content-Type", "text/plain"}});
    CHECK(response.status == 422);
    CHECK(str(response.json()["detail"][0], "type") == "model_attributes_type");
    auto vendor = sharedServer().client().post(
        "/api/v1/teams", R"({"name":"vendor-json-)" + uniqueSuffix() + "\"}",
        {{"Content-Type", "application/vnd.tessera+json; charset=utf-8"}});
    CHECK(vendor.status == 201);
}

TEST_CASE("bad UUID in the path is a 422 uuid_parsing", "[http][validation]") {
    auto response = sharedServer().client().get("/api/v1/teams/not-a-uuid");
    CHECK(response.status == 422);
    auto body = response.json();
    const auto& item = body["detail"][0];
    CHECK(str(item, "type") == "uuid_parsing");
    CHECK(text(item["loc"][0]) == "path");
    CHECK(text(item["loc"][1]) == "team_id");
    CHECK(str(item, "input") == "not-a-uuid");
    CHECK(str(item, "msg").rfind("Input should be a valid UUID, ", 0) == 0);
}

TEST_CASE("pagination bounds are validated together", "[http][validation]") {
    auto response = sharedServer().client().get("/api/v1/teams?limit=0&offset=-1");
    CHECK(response.status == 422);
    auto body = response.json();
    REQUIRE(body["detail"].Size() == 2);
    CHECK(str(body["detail"][0], "type") == "greater_than_equal");
    CHECK(text(body["detail"][0]["loc"][1]) == "limit");
    CHECK(num(body["detail"][0]["ctx"]["ge"]) == 1);
    CHECK(text(body["detail"][1]["loc"][1]) == "offset");
    auto tooBig = sharedServer().client().get("/api/v1/teams?limit=101");
    CHECK(str(tooBig.json()["detail"][0], "type") == "less_than_equal");
    auto notInt = sharedServer().client().get("/api/v1/teams?limit=abc");
    CHECK(str(notInt.json()["detail"][0], "type") == "int_parsing");
    CHECK(sharedServer().client().get("/api/v1/teams?limit=%2010.0%20").status == 200);
}

TEST_CASE("CORS preflight and simple requests over HTTP", "[http][cors]") {
    const auto& http = sharedServer().client();
    auto preflight = http.request(
        "OPTIONS", "/api/v1/anything", {},
        {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
    CHECK(preflight.status == 200);
    CHECK(preflight.body == "OK");
    CHECK(preflight.header("access-control-allow-origin") == "http://localhost:3000");
    CHECK(preflight.header("x-request-id").empty());

    auto simple = http.get("/health", {{"Origin", "http://localhost:3000"}});
    CHECK(simple.header("access-control-allow-origin") == "http://localhost:3000");
    CHECK(simple.header("access-control-allow-credentials") == "true");

    CHECK(http.request("OPTIONS", "/health").status == 405);  // not a preflight
}

TEST_CASE("SIGTERM stops the server gracefully", "[http][lifecycle]") {
    TestServer server;
    CHECK(server.client().get("/health").status == 200);
    CHECK(server.stop() == 0);
}

TEST_CASE("a bad configuration value stops start-up naming the variable", "[http][lifecycle]") {
    CHECK_THROWS_WITH(TestServer(Env{{"API_PORT", "not-a-port"}}), textContains("API_PORT"));
}
