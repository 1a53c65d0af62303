// Request header values with a bare CR or LF inside (which Pistache accepts, ending header
// lines only at CRLF) never split a response header line when the server echoes them
// (here X-Request-ID; the CORS origin and a redirect's Location go the same way). Found by the fuzz
// driver (issue 14).
#include <string>

#include "tests/support/catch.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// Whether a response head has a header line of its own that starts with `name`.
bool hasHeaderLine(const std::string& response, const std::string& name) {
    const std::string head = response.substr(0, response.find("\r\n\r\n"));
    for (size_t at = head.find_first_of("\r\n"); at != std::string::npos;
         at = head.find_first_of("\r\n", at + 1)) {
        if (head.compare(at + 1, name.size(), name) == 0) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a bare CR or LF in an echoed header value never splits a response header",
          "[http][head]") {
    for (const std::string lineBreak : {"\n", "\r"}) {
        INFO("line break " << (lineBreak == "\n" ? "LF" : "CR"));
        RawConnection echoed(sharedServer().port());
        const std::string response =
            echoed.get("/health", std::chrono::seconds(5),
                       "X-Request-ID: trace" + lineBreak + "X-Injected: 1\r\n");
        CHECK(response.rfind("HTTP/1.1 200", 0) == 0);
        CHECK(response.find("X-Request-ID: traceX-Injected: 1\r\n") != std::string::npos);
        CHECK_FALSE(hasHeaderLine(response, "X-Injected"));
    }
}
