// The request head as raw bytes, the way no HTTP library sends it: bare line breaks inside
// header values, oversized heads, header values Pistache cannot parse. Each is a clear 4xx and
// never reaches the response's own header lines.
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/response_reader.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// Sends `bytes` on a new connection and reads one answer (status 0 when none came in 10 s).
HttpAnswer exchange(const std::string& bytes) {
    IoStatus status;
    RawConnection connection = RawConnection::open(sharedServer().port(), status);
    REQUIRE(status == IoStatus::Ok);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    connection.write(bytes, deadline);
    ResponseReader reader;
    HttpAnswer answer;
    if (reader.next(connection, deadline, false, answer) != ReadOutcome::Answer) answer.status = 0;
    return answer;
}

}  // namespace

TEST_CASE("A bare CR or LF in an echoed header value never splits a response header",
          "[http][head]") {
    for (const std::string breakChar : {"\n", "\r"}) {
        INFO("line break " << (breakChar == "\n" ? "LF" : "CR"));
        const HttpAnswer echoed = exchange(
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "X-Request-ID: trace" +
            breakChar + "X-Injected: 1\r\n\r\n");
        CHECK(echoed.status == 200);
        CHECK_FALSE(echoed.injected);
        CHECK_FALSE(echoed.bareLineBreak);
        CHECK(echoed.head.find("X-Request-ID: traceX-Injected: 1\r\n") != std::string::npos);

        const HttpAnswer redirected = exchange("GET /api/v1/teams/ HTTP/1.1\r\nHost: h" +
                                               breakChar + "X-Injected: 1\r\n\r\n");
        CHECK(redirected.status == 307);
        CHECK_FALSE(redirected.injected);
        CHECK_FALSE(redirected.bareLineBreak);
    }
}
