#include "server/pipeline/wire_response.hpp"

#include <pistache/http_defs.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <charconv>

namespace tessera::server {

namespace {

// A header name or value as it may go on the wire. Some values echo the request (X-Request-ID,
// the CORS origin, a redirect's Location), and Pistache ends a request header line only at
// CRLF, so a bare CR or LF, or a NUL, can arrive inside one; written back raw, it would split
// the response's header line in two for any client that breaks lines there (response
// splitting). Those bytes are left out.
void appendHeaderSafe(std::string& out, std::string_view text) {
    if (text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos) {
        out.append(text);
        return;
    }
    for (const char c : text) {
        if (c != '\r' && c != '\n' && c != '\0') out.push_back(c);
    }
}

}  // namespace

void appendResponseHead(std::string& out, bool http10, const HttpResponse& response,
                        bool closeConnection) {
    namespace Http = Pistache::Http;
    char number[24];
    auto appendNumber = [&](size_t value) {
        const auto end = std::to_chars(number, number + sizeof number, value).ptr;
        out.append(number, static_cast<size_t>(end - number));
    };
    out.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ");
    appendNumber(static_cast<size_t>(response.status));
    out.push_back(' ');
    out.append(Http::codeString(static_cast<Http::Code>(response.status)));
    out.append("\r\n");
    if (!response.contentType.empty()) {
        out.append("Content-Type: ");
        appendHeaderSafe(out, response.contentType);
        out.append("\r\n");
    }
    for (const auto& [name, value] : response.headers) {
        appendHeaderSafe(out, name);
        out.append(": ");
        appendHeaderSafe(out, value);
        out.append("\r\n");
    }
    out.append(closeConnection ? "Connection: Close\r\n" : "Connection: Keep-Alive\r\n");
    out.append("Content-Length: ");
    appendNumber(wireBody(response).size());
    out.append("\r\n\r\n");
}

long writeWhatFits(int fd, std::string_view head, std::string_view body) {
    size_t written = 0;
    const size_t total = head.size() + body.size();
    while (written < total) {
        iovec parts[2];
        int count = 0;
        if (written < head.size()) {
            parts[count++] = {const_cast<char*>(head.data()) + written, head.size() - written};
            if (!body.empty()) parts[count++] = {const_cast<char*>(body.data()), body.size()};
        } else {
            const size_t offset = written - head.size();
            parts[count++] = {const_cast<char*>(body.data()) + offset, body.size() - offset};
        }
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = static_cast<size_t>(count);
        const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return -1;
        }
        written += static_cast<size_t>(sent);
    }
    return static_cast<long>(written);
}

}  // namespace tessera::server
