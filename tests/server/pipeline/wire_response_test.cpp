// The response head as the server writes it, and writing what a non-blocking socket takes.
#include "server/pipeline/wire_response.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "tests/support/catch.hpp"

using tessera::server::appendResponseHead;
using tessera::server::HttpResponse;
using tessera::server::writeWhatFits;

TEST_CASE("the response head: status line, headers in order, connection, length") {
    HttpResponse response;
    response.status = 404;
    response.body = R"({"error":{}})";
    response.headers = {{"X-Request-ID", "abc"}, {"Vary", "Origin"}};
    std::string head;
    appendResponseHead(head, false, response, false);
    CHECK(head ==
          "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nX-Request-ID: abc\r\n"
          "Vary: Origin\r\nConnection: Keep-Alive\r\nContent-Length: 12\r\n\r\n");

    head.clear();
    appendResponseHead(head, true, response, true);
    CHECK(head.rfind("HTTP/1.0 404 Not Found\r\n", 0) == 0);
    CHECK(head.find("Connection: Close\r\n") != std::string::npos);
}

TEST_CASE("a response without a content type has no body on the wire") {
    HttpResponse response;
    response.status = 304;
    response.contentType.clear();
    response.body = "ignored";
    std::string head;
    appendResponseHead(head, false, response, false);
    CHECK(head ==
          "HTTP/1.1 304 Not Modified\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("header names and values lose CR, LF and NUL (no response splitting)") {
    HttpResponse response;
    response.headers = {{"X-Request-ID", std::string("a\r\nSet-Cookie: x=1\0b", 21)}};
    std::string head;
    appendResponseHead(head, false, response, false);
    CHECK(head.find("X-Request-ID: aSet-Cookie: x=1b\r\n") != std::string::npos);
    CHECK(head.find("\r\nSet-Cookie") == std::string::npos);
}

namespace {
struct SocketPair {
    int fds[2] = {-1, -1};
    SocketPair() {
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    }
    ~SocketPair() {
        for (int fd : fds) {
            if (fd >= 0) ::close(fd);
        }
    }
    std::string readAll(size_t limit) {
        std::string got(limit, '\0');
        size_t have = 0;
        while (have < limit) {
            const ssize_t n = ::read(fds[1], got.data() + have, limit - have);
            if (n <= 0) break;
            have += static_cast<size_t>(n);
        }
        got.resize(have);
        return got;
    }
};
}  // namespace

TEST_CASE("writeWhatFits writes head and body in one go when the socket takes them") {
    SocketPair pair;
    CHECK(writeWhatFits(pair.fds[0], "HEAD\r\n", "body") == 10);
    CHECK(pair.readAll(10) == "HEAD\r\nbody");
}

TEST_CASE("writeWhatFits stops where a full socket would block, and says how far it got") {
    SocketPair pair;
    const std::string body(8 << 20, 'x');  // far more than a socket buffer holds
    const long written = writeWhatFits(pair.fds[0], "H", body);
    REQUIRE(written > 0);
    CHECK(static_cast<size_t>(written) < body.size() + 1);
    const std::string got = pair.readAll(static_cast<size_t>(written));
    CHECK(got.size() == static_cast<size_t>(written));
    CHECK(got[0] == 'H');
    CHECK(got.find_first_not_of('x', 1) == std::string::npos);
}

TEST_CASE("writeWhatFits on a closed connection answers -1 without SIGPIPE") {
    SocketPair pair;
    ::close(pair.fds[1]);
    pair.fds[1] = -1;
    CHECK(writeWhatFits(pair.fds[0], "HTTP/1.1 200 OK\r\n", "x") == -1);
}
