// The head guard over bytes as they arrive: limits, line shapes, framing headers, and that it
// passes ordinary requests in any split.
#include "server/pipeline/request_head_guard.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

using tessera::server::HeadRejection;
using tessera::server::RequestHeadGuard;

namespace {

RequestHeadGuard guard(size_t maxHead = 1024, size_t maxBody = 100) {
    return RequestHeadGuard(
        maxHead, maxBody,
        [](std::string_view name, std::string_view value) -> std::optional<HeadRejection> {
            if (name == "X-Refuse") return HeadRejection{400, "BAD", "no"};
            if (name == "X-Value" && value != "v") {
                return HeadRejection{400, "BAD", std::string(value)};
            }
            return std::nullopt;
        });
}

// The rejection for `bytes` fed at once and fed one byte at a time (the same either way), as
// "<status> <message>", or "" when accepted.
std::string verdict(const std::string& bytes, size_t maxHead = 1024, size_t maxBody = 100) {
    auto whole = guard(maxHead, maxBody);
    const auto atOnce = whole.feed(bytes);
    auto dribbled = guard(maxHead, maxBody);
    std::optional<HeadRejection> byByte;
    for (char c : bytes) {
        if (auto rejection = dribbled.feed(std::string_view(&c, 1))) byByte = rejection;
    }
    const auto text = [](const std::optional<HeadRejection>& rejection) {
        return rejection ? std::to_string(rejection->status) + " " + rejection->message
                         : std::string();
    };
    CHECK(text(atOnce) == text(byByte));
    return text(atOnce);
}

}  // namespace

TEST_CASE("Ordinary requests pass in any split", "[head_guard]") {
    CHECK(verdict("GET /health HTTP/1.1\r\nHost: x\r\n\r\n") == "");
    CHECK(verdict("POST /a?b=c%20d HTTP/1.1\r\nContent-Length: 3\r\nX-Value: v\r\n\r\nabc") == "");
    // Bytes of a body are never read as head lines.
    CHECK(verdict("POST /a HTTP/1.1\r\nContent-Length: 24\r\n\r\nNoColon\r\n\r\nX-Refuse: 1\r\n") ==
          "");
    // A bare LF stays inside its line, as Pistache reads it.
    CHECK(verdict("GET / HTTP/1.1\r\nX-Request-ID: a\nb\r\n\r\n") == "");
}

TEST_CASE("Heads past the limit are 414 or 431", "[head_guard]") {
    const std::string longTarget = "GET /" + std::string(2000, 'a') + " HTTP/1.1\r\n\r\n";
    CHECK(verdict(longTarget).rfind("414 Request line exceeds the maximum size of 1024", 0) == 0);
    const std::string bigHeader = "GET / HTTP/1.1\r\nX-Big: " + std::string(2000, 'b') + "\r\n\r\n";
    CHECK(verdict(bigHeader).rfind("431 Request headers exceed the maximum size of 1024", 0) == 0);
    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 200; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    CHECK(verdict(many + "\r\n").rfind("431 ", 0) == 0);
    // Exactly at the limit passes.
    const std::string head = "GET / HTTP/1.1\r\nX: ";
    const std::string atLimit = head + std::string(1024 - head.size() - 4, 'x') + "\r\n\r\n";
    REQUIRE(atLimit.size() == 1024);
    CHECK(verdict(atLimit) == "");
}

TEST_CASE("Request and header lines Pistache would misread are 400", "[head_guard]") {
    CHECK(verdict("GET /x\r\n\r\n") == "400 Malformed request line");
    CHECK(verdict("GET  /x HTTP/1.1\r\n\r\n") == "400 Malformed request line");
    CHECK(verdict("GET /x y HTTP/1.1\r\n\r\n") == "400 Malformed request line");
    CHECK(verdict(" /x HTTP/1.1\r\n\r\n") == "400 Malformed request line");
    CHECK(verdict("GET /x FTP/1.1\r\n\r\n") == "400 Malformed request line");
    CHECK(verdict("GET /x HTTP/2.0\r\n\r\n") == "400 Unsupported HTTP version");
    // An unknown method is refused once its space arrives, before the line ends, as Pistache
    // would answer it then.
    CHECK(verdict("FROB /x HTTP/1.1\r\n\r\n") == "405 Method Not Allowed");
    CHECK(verdict("get /x HTTP/1.1\r\n\r\n") == "405 Method Not Allowed");
    auto early = guard();
    CHECK(early.feed("G\xFFT /").value().status == 405);
    auto leading = guard();
    CHECK(leading.feed(" /x").value().message == "Malformed request line");
    CHECK(verdict("GET / HTTP/1.1\r\nNoColon\r\n\r\n") == "400 Malformed header line");
    CHECK(verdict("GET / HTTP/1.1\r\n: v\r\n\r\n") == "400 Malformed header line");
    CHECK(verdict("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") ==
          "400 Folded header lines are not accepted");
    CHECK(verdict("GET / HTTP/1.1\r\nX-Refuse: 1\r\n\r\n") == "400 no");
    CHECK(verdict("GET / HTTP/1.1\r\nX-Value:   w\r\n\r\n") == "400 w");  // leading spaces gone
}

TEST_CASE("Content-Length and Transfer-Encoding are read strictly", "[head_guard]") {
    for (const std::string bad : {"abc", "-1", "+5", "5 5", "0x10", "1e3", ""}) {
        INFO(bad);
        CHECK(verdict("POST / HTTP/1.1\r\nContent-Length: " + bad + "\r\n\r\n") ==
              "400 Content-Length must be a non-negative integer");
    }
    CHECK(verdict("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n") ==
          "413 Request body exceeds the maximum size of 100 bytes");
    CHECK(verdict("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") ==
          "413 Request body exceeds the maximum size of 100 bytes");
    CHECK(verdict("POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\n") ==
          "400 Conflicting Content-Length headers");
    CHECK(verdict("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nabcde") == "");
    for (const std::string coding : {"chunked", "gzip", "identity"}) {
        CHECK(verdict("POST / HTTP/1.1\r\nTransfer-Encoding: " + coding + "\r\n\r\n") ==
              "411 Transfer-Encoding is not accepted; send the body with Content-Length");
    }
}

TEST_CASE("A refusal sticks until the next request starts", "[head_guard]") {
    auto checked = guard();
    CHECK(checked.feed("GET /x\r\n"));
    CHECK(checked.refused());
    CHECK_FALSE(checked.feed("NoColon\r\n"));
    checked.restart();
    CHECK_FALSE(checked.refused());
    CHECK_FALSE(checked.feed("GET / HTTP/1.1\r\n\r\n"));
}

TEST_CASE("take stops where a request ends, so pipelined requests are handed over one by one",
          "[head_guard]") {
    const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde";
    const std::string second = "GET /b HTTP/1.1\r\n\r\n";
    const std::string third = "DELETE /c HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
    const std::string stream = first + second + third;
    // In one read, and in every split of it into two reads, the requests come out whole.
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
        INFO("split at " << cut);
        auto checked = guard();
        std::vector<std::string> requests(1);
        for (std::string_view read :
             {std::string_view(stream).substr(0, cut), std::string_view(stream).substr(cut)}) {
            while (!read.empty()) {
                const auto step = checked.take(read);
                REQUIRE_FALSE(step.rejection);
                CHECK(step.skipped == 0);
                requests.back() += read.substr(0, step.taken);
                read.remove_prefix(step.taken);
                if (step.complete) {
                    checked.restart();
                    requests.emplace_back();
                }
            }
        }
        CHECK(requests == std::vector<std::string>{first, second, third, ""});
    }
}

TEST_CASE("Blank lines before a request line are skipped, not handed to the parser",
          "[head_guard]") {
    auto checked = guard();
    const std::string stream = "\r\n\r\nGET / HTTP/1.1\r\n\r\n";
    const auto step = checked.take(stream);
    CHECK_FALSE(step.rejection);
    CHECK(step.skipped == 4);
    CHECK(step.taken == stream.size() - 4);
    CHECK(step.complete);
    // After a body too (clients that end a POST with an extra CRLF).
    CHECK(verdict("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab\r\nGET / HTTP/1.1\r\n\r\n") ==
          "");
    // A later request in the stream is checked as well.
    CHECK(verdict("GET / HTTP/1.1\r\n\r\nGET /x\r\n\r\n") == "400 Malformed request line");
    CHECK(verdict("\rGET / HTTP/1.1\r\n\r\n") == "400 Malformed request line");
}

TEST_CASE("the sync routes take bodies up to their own limit", "[head_guard]") {
    const auto refused = [](const std::string& target, size_t length) {
        RequestHeadGuard syncAware(1024, 100, nullptr, 1000);
        const auto rejection = syncAware.feed("POST " + target + " HTTP/1.1\r\nContent-Length: " +
                                              std::to_string(length) + "\r\n\r\n");
        return rejection ? std::to_string(rejection->status) + " " + rejection->message
                         : std::string();
    };
    CHECK(refused("/api/v1/teams", 500) ==
          "413 Request body exceeds the maximum size of 100 bytes");
    CHECK(refused("/api/v1/sync/dbt/upload", 500).empty());
    CHECK(refused("/api/v1/sync/dbt/upload?x=1", 1000).empty());
    CHECK(refused("/api/v1/sync/dbt/upload", 1001) ==
          "413 Request body exceeds the maximum size of 1000 bytes");
    // Only /api/v1/sync itself and below.
    CHECK(refused("/api/v1/syncx", 500) ==
          "413 Request body exceeds the maximum size of 100 bytes");
    CHECK(tessera::server::isSyncTarget("/api/v1/sync"));
    CHECK_FALSE(tessera::server::isSyncTarget("/api/v1/synchronise"));
    CHECK_FALSE(tessera::server::isSyncTarget("/api/v2/sync/dbt"));
}

TEST_CASE("Pistache is handed whole head lines, disguised headers renamed, in any split",
          "[head_guard]") {
    const auto disguised = [](std::string_view name) {
        return name == "Accept" || name == "content-type";
    };
    const std::string request =
        "POST /a HTTP/1.1\r\nAccept: text/html, *; q=.2\r\ncontent-type: application/x+json\r\n"
        "X-Refuse-Not: 1\r\nContent-Length: 4\r\n\r\nab\r\n";
    const std::string expected =
        "POST /a HTTP/1.1\r\n~ccept: text/html, *; q=.2\r\n~ontent-type: application/x+json\r\n"
        "X-Refuse-Not: 1\r\nContent-Length: 4\r\n\r\nab\r\n";
    for (const size_t piece : {request.size(), size_t{1}, size_t{5}}) {
        INFO("pieces of " << piece);
        RequestHeadGuard guard(1024, 100, {}, 0, disguised);
        std::string handed;
        bool complete = false;
        for (size_t at = 0; at < request.size(); at += piece) {
            std::string_view bytes = std::string_view(request).substr(at, piece);
            while (!bytes.empty()) {
                const RequestHeadGuard::Step step = guard.take(bytes);
                REQUIRE_FALSE(step.rejection);
                const std::string_view taken = bytes.substr(step.skipped, step.taken);
                // Only whole lines of the head: never part of one.
                CHECK((step.head.empty() || step.head.back() == '\n'));
                handed += step.head;
                handed += taken.substr(taken.size() - step.body);
                bytes.remove_prefix(step.skipped + step.taken);
                complete = complete || step.complete;
            }
        }
        CHECK(complete);
        CHECK(handed == expected);
    }
}

TEST_CASE("A disguised header skips the value check", "[head_guard]") {
    RequestHeadGuard guard(
        1024, 100,
        [](std::string_view, std::string_view) -> std::optional<HeadRejection> {
            return HeadRejection{400, "BAD", "checked"};
        },
        0, [](std::string_view name) { return name == "Accept"; });
    CHECK_FALSE(guard.feed("GET / HTTP/1.1\r\nAccept: x\r\n\r\n"));
    CHECK(guard.feed("GET / HTTP/1.1\r\nOther: x\r\n\r\n")->message == "checked");
}
