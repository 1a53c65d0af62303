// Gzip of responses (server/http/response_compression) and If-None-Match (entity_tags).
#include "server/http/response_compression.hpp"
#include "server/http/entity_tags.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/gunzip.hpp"

using namespace tessera::server;
using tessera::testing::gunzip;

namespace {

HttpRequest requestWith(std::map<std::string, std::string> headers) {
    HttpRequest request;
    request.method = "GET";
    request.path = "/api/v1/assets";
    request.headers = std::move(headers);
    return request;
}

HttpResponse jsonResponse(size_t bytes) {
    HttpResponse response;
    response.body = "[";
    while (response.body.size() + 20 < bytes) response.body += "{\"fqn\":\"a.b.c\"},";
    response.body += "{}]";
    return response;
}

const CompressionSettings kDefaults{};

}  // namespace

TEST_CASE("Accept-Encoding is read with its q values", "[compression]") {
    CHECK(acceptsGzip("gzip"));
    CHECK(acceptsGzip("gzip, deflate, br"));
    CHECK(acceptsGzip("deflate, GZIP;q=0.5"));
    CHECK(acceptsGzip("x-gzip"));
    CHECK(acceptsGzip("*"));
    CHECK(acceptsGzip("br;q=1, *;q=0.1"));
    CHECK_FALSE(acceptsGzip(""));
    CHECK_FALSE(acceptsGzip("identity"));
    CHECK_FALSE(acceptsGzip("deflate, br"));
    CHECK_FALSE(acceptsGzip("gzip;q=0"));
    CHECK_FALSE(acceptsGzip("gzip;q=0.000"));
    CHECK_FALSE(acceptsGzip("*;q=0"));
    CHECK_FALSE(acceptsGzip("gzip;q=0, *"));  // gzip named: its own q decides
    CHECK_FALSE(acceptsGzip("gzip;q=abc"));
    CHECK_FALSE(acceptsGzip("gzip;q=2"));
}

TEST_CASE("Only text-like media types are compressed", "[compression]") {
    CHECK(isCompressible("application/json"));
    CHECK(isCompressible("application/json; charset=utf-8"));
    CHECK(isCompressible("text/html; charset=utf-8"));
    CHECK(isCompressible("application/javascript"));
    CHECK(isCompressible("application/problem+json"));
    CHECK(isCompressible("image/svg+xml"));
    CHECK_FALSE(isCompressible("image/png"));
    CHECK_FALSE(isCompressible("application/octet-stream"));
    CHECK_FALSE(isCompressible(""));
}

TEST_CASE("gzipCompress writes a gzip member that inflates to the input", "[compression]") {
    const std::string text = jsonResponse(50000).body;
    for (int level : {1, 6, 9}) {
        const std::string compressed = gzipCompress(text, level);
        CHECK(compressed.size() < text.size() / 5);
        CHECK(static_cast<unsigned char>(compressed[0]) == 0x1f);
        CHECK(static_cast<unsigned char>(compressed[1]) == 0x8b);
        CHECK(gunzip(compressed) == text);
    }
    CHECK(gunzip(gzipCompress("", 1)).empty());
}

TEST_CASE("A large JSON response to a gzip client is compressed", "[compression]") {
    HttpResponse response = jsonResponse(20000);
    const std::string identity = response.body;
    response.setHeader("ETag", "\"abc\"");
    response.setHeader("Vary", "Origin");
    compressResponse(requestWith({{"accept-encoding", "gzip, deflate"}}), response, kDefaults);
    CHECK(response.header("Content-Encoding") == "gzip");
    CHECK(response.header("Vary") == "Origin, Accept-Encoding");
    CHECK(response.header("ETag") == "W/\"abc\"");
    CHECK(gunzip(response.body) == identity);
}

TEST_CASE("Responses are left alone when gzip does not apply", "[compression]") {
    SECTION("no Accept-Encoding: identity, but the answer varies on it") {
        HttpResponse response = jsonResponse(20000);
        const std::string identity = response.body;
        compressResponse(requestWith({}), response, kDefaults);
        CHECK(response.body == identity);
        CHECK_FALSE(response.header("Content-Encoding"));
        CHECK(response.header("Vary") == "Accept-Encoding");
    }
    SECTION("below the threshold: no Vary either") {
        HttpResponse response = jsonResponse(kDefaults.minBytes - 1);
        compressResponse(requestWith({{"accept-encoding", "gzip"}}), response, kDefaults);
        CHECK_FALSE(response.header("Content-Encoding"));
        CHECK_FALSE(response.header("Vary"));
    }
    SECTION("gzip;q=0") {
        HttpResponse response = jsonResponse(20000);
        compressResponse(requestWith({{"accept-encoding", "gzip;q=0"}}), response, kDefaults);
        CHECK_FALSE(response.header("Content-Encoding"));
    }
    SECTION("a media type that is not text") {
        HttpResponse response = jsonResponse(20000);
        response.contentType = "image/png";
        compressResponse(requestWith({{"accept-encoding", "gzip"}}), response, kDefaults);
        CHECK_FALSE(response.header("Content-Encoding"));
    }
    SECTION("switched off") {
        HttpResponse response = jsonResponse(20000);
        compressResponse(requestWith({{"accept-encoding", "gzip"}}), response,
                         CompressionSettings{false, 0, 1});
        CHECK_FALSE(response.header("Content-Encoding"));
        CHECK_FALSE(response.header("Vary"));
    }
    SECTION("already encoded") {
        HttpResponse response = jsonResponse(20000);
        response.setHeader("Content-Encoding", "br");
        const std::string before = response.body;
        compressResponse(requestWith({{"accept-encoding", "gzip"}}), response, kDefaults);
        CHECK(response.header("Content-Encoding") == "br");
        CHECK(response.body == before);
    }
    SECTION("a weak ETag stays as it is") {
        HttpResponse response = jsonResponse(20000);
        response.setHeader("ETag", "W/\"abc\"");
        compressResponse(requestWith({{"accept-encoding", "gzip"}}), response, kDefaults);
        CHECK(response.header("ETag") == "W/\"abc\"");
    }
}

TEST_CASE("If-None-Match compares entity tags weakly, in lists and with *", "[compression]") {
    const auto hits = [](const char* header, const char* etag) {
        return ifNoneMatchHits(requestWith({{"if-none-match", header}}), etag);
    };
    CHECK(hits("\"abc\"", "\"abc\""));
    CHECK(hits("W/\"abc\"", "\"abc\""));
    CHECK(hits("\"abc\"", "W/\"abc\""));
    CHECK(hits("\"x\", W/\"abc\"", "\"abc\""));
    CHECK(hits("  \"x\" ,\"abc\"  ", "\"abc\""));
    CHECK(hits("*", "\"abc\""));
    CHECK_FALSE(hits("\"abcd\"", "\"abc\""));
    CHECK_FALSE(hits("\"ab\"", "\"abc\""));
    CHECK_FALSE(hits("", "\"abc\""));
    CHECK_FALSE(hits(",,", "\"abc\""));
    CHECK_FALSE(ifNoneMatchHits(requestWith({}), "\"abc\""));
}
