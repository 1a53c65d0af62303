#include "benchmarks/http_load_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>

#include <strings.h>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

namespace tessera::bench {
namespace {

int connectLoopback(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        const std::string error = std::strerror(errno);
        close(fd);
        throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + ": " + error);
    }
    return fd;
}

std::string requestText(const std::string& method, const std::string& path,
                        const std::string& extraHeaders) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

void sendAll(int fd, const std::string& text) {
    size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = send(fd, text.data() + written, text.size() - written, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
        written += static_cast<size_t>(n);
    }
}

// The head of a response: its status, ETag and how many bytes the whole response takes.
struct ResponseHead {
    int status = 0;
    std::string etag;
    size_t headBytes = 0;
    size_t totalBytes = 0;
};

// Parses the head at the front of `buffer`; false while it is incomplete. Bodies are delimited by
// Content-Length (the server sends it on every response that has a body).
bool parseHead(const std::string& buffer, ResponseHead& head) {
    const size_t end = buffer.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    if (buffer.compare(0, 5, "HTTP/") != 0 || buffer.size() < 12) {
        throw std::runtime_error("not an HTTP response: " + buffer.substr(0, 40));
    }
    head.status = std::atoi(buffer.c_str() + 9);
    head.headBytes = end + 4;
    std::optional<size_t> length;
    for (size_t line = buffer.find("\r\n") + 2; line < end;) {
        const size_t lineEnd = buffer.find("\r\n", line);
        const size_t colon = buffer.find(':', line);
        if (colon < lineEnd) {
            const std::string name = buffer.substr(line, colon - line);
            size_t valueStart = colon + 1;
            while (valueStart < lineEnd && buffer[valueStart] == ' ') ++valueStart;
            const std::string value = buffer.substr(valueStart, lineEnd - valueStart);
            if (strcasecmp(name.c_str(), "content-length") == 0) {
                length = std::strtoull(value.c_str(), nullptr, 10);
            } else if (strcasecmp(name.c_str(), "etag") == 0) {
                head.etag = value;
            } else if (strcasecmp(name.c_str(), "transfer-encoding") == 0) {
                throw std::runtime_error("chunked responses are not supported");
            }
        }
        line = lineEnd + 2;
    }
    const bool bodiless = head.status == 304 || head.status == 204 || head.status < 200;
    if (!length && !bodiless) throw std::runtime_error("response without Content-Length");
    head.totalBytes = head.headBytes + (bodiless ? 0 : length.value_or(0));
    return true;
}

struct Connection {
    int fd = -1;
    // The response's bytes until its head is complete; after that the body is only counted
    // (in `received`): a load client that kept 512 bodies of 125 KB would spend its CPU and
    // the caches on copies the measurement does not need.
    std::string input;
    size_t received = 0;  // of the current response, head included
    ResponseHead head;
    bool headParsed = false;
    bool inFlight = false;  // a request sent and not yet answered
    Clock::time_point sentAt;
};

int connectBlocking(int port) {
    const int fd = connectLoopback(port);
    timeval timeout{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

// Sends one request on a blocking connection and reads its whole response.
HttpReply exchange(int fd, const std::string& method, const std::string& path,
                   const std::string& body, std::string headers) {
    if (!body.empty()) {
        headers +=
            "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n";
    }
    sendAll(fd, requestText(method, path, headers) + body);
    std::string input;
    ResponseHead head;
    bool parsed = false;
    char buffer[65536];
    while (!parsed || input.size() < head.totalBytes) {
        const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(method + " " + path + ": connection closed early");
        input.append(buffer, static_cast<size_t>(n));
        if (!parsed) parsed = parseHead(input, head);
    }
    if (input.size() > head.totalBytes)
        throw std::runtime_error("unexpected bytes after a response");
    return {head.status, head.etag, input.substr(head.headBytes, head.totalBytes - head.headBytes)};
}

}  // namespace

HttpReply httpRequest(int port, const std::string& method, const std::string& path,
                      const std::string& body, const std::string& extraHeaders) {
    const int fd = connectBlocking(port);
    try {
        HttpReply reply = exchange(fd, method, path, body, extraHeaders + "Connection: close\r\n");
        close(fd);
        return reply;
    } catch (...) {
        close(fd);
        throw;
    }
}

KeepAliveClient::KeepAliveClient(int port) : fd_(connectBlocking(port)) {}

KeepAliveClient::~KeepAliveClient() {
    close(fd_);
}

HttpReply KeepAliveClient::request(const std::string& method, const std::string& path,
                                   const std::string& body) {
    return exchange(fd_, method, path, body, "");
}

LoadResult runLoad(const LoadOptions& options) {
    const std::string request = requestText("GET", options.path, options.extraHeaders);
    const size_t total = options.warmup + options.requests;
    std::vector<Connection> connections(options.connections);
    const int poller = epoll_create1(0);
    if (poller < 0) throw std::runtime_error("epoll_create1 failed");
    auto closeAll = [&] {
        for (Connection& c : connections) {
            if (c.fd >= 0) close(c.fd);
        }
        close(poller);
    };

    std::vector<double> micros;
    micros.reserve(options.requests);
    size_t sent = 0, done = 0, lastBodyBytes = 0, errors = 0, open = connections.size();
    Clock::time_point windowStart = Clock::now(), windowEnd = windowStart;
    auto sendNext = [&](Connection& c) {
        if (sent >= total) return;
        c.sentAt = Clock::now();
        sendAll(c.fd, request);
        c.inFlight = true;
        ++sent;
    };
    // A request that failed still counts as done; one in the measured part is an error.
    auto fail = [&](const std::string& problem) {
        if (options.stopOnError) throw std::runtime_error(problem);
        if (done >= options.warmup) ++errors;
        if (++done == options.warmup) windowStart = Clock::now();
    };
    try {
        for (size_t i = 0; i < connections.size(); ++i) {
            Connection& c = connections[i];
            c.fd = connectLoopback(options.port);
            fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u64 = i;
            epoll_ctl(poller, EPOLL_CTL_ADD, c.fd, &event);
        }
        if (options.warmup == 0) windowStart = Clock::now();
        for (Connection& c : connections) sendNext(c);

        epoll_event events[64];
        char buffer[65536];
        while (done < total && open > 0) {
            const int ready = epoll_wait(poller, events, 64, 30'000);
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) throw std::runtime_error("no response within 30 s");
            for (int e = 0; e < ready; ++e) {
                Connection& c = connections[events[e].data.u64];
                if (c.fd < 0) continue;  // closed by an earlier event of this batch
                bool closed = false;
                for (;;) {
                    // Until the head is complete, a few KB at a time into the buffer; after
                    // it the body is only counted: MSG_TRUNC (Linux, TCP) has the kernel drop
                    // those bytes instead of copying them out. Anything beyond the response
                    // is read normally, to be counted as the error it is.
                    const size_t remaining = c.headParsed && c.head.totalBytes > c.received
                                                 ? c.head.totalBytes - c.received
                                                 : 0;
                    const ssize_t n = remaining > 0  ? recv(c.fd, nullptr, remaining, MSG_TRUNC)
                                      : c.headParsed ? recv(c.fd, buffer, sizeof buffer, 0)
                                                     : recv(c.fd, buffer, 4096, 0);
                    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                    if (n < 0 && errno == EINTR) continue;
                    if (n <= 0) {
                        closed = true;
                        break;
                    }
                    c.received += static_cast<size_t>(n);
                    if (!c.headParsed) {
                        // Enough of the chunk for any head, not the body behind it.
                        constexpr size_t kMaxHead = 16384;
                        const size_t room = kMaxHead - std::min(kMaxHead, c.input.size());
                        c.input.append(buffer, std::min(room, static_cast<size_t>(n)));
                        c.headParsed = parseHead(c.input, c.head);
                        if (c.headParsed) {
                            c.input.clear();
                        } else if (c.input.size() >= kMaxHead) {
                            throw std::runtime_error("a response head over 16 KB");
                        }
                    }
                }
                if (closed) {
                    // An idle connection may be closed; one with a request in flight loses it.
                    if (c.inFlight) fail("the server closed a connection");
                    close(c.fd);  // also leaves the epoll set
                    c.fd = -1;
                    --open;
                    continue;
                }
                if (!c.headParsed || c.received < c.head.totalBytes) continue;
                // One request in flight per connection: nothing may follow the response.
                if (c.received > c.head.totalBytes) {
                    throw std::runtime_error("unexpected bytes after a response");
                }
                const Clock::time_point now = Clock::now();
                c.inFlight = false;
                if (c.head.status != options.expectedStatus) {
                    fail("GET " + options.path + " answered " + std::to_string(c.head.status) +
                         ", expected " + std::to_string(options.expectedStatus));
                    windowEnd = now;
                    c.input.clear();
                    c.received = 0;
                    c.headParsed = false;
                    sendNext(c);
                    continue;
                }
                if (done >= options.warmup) {
                    micros.push_back(
                        std::chrono::duration<double, std::micro>(now - c.sentAt).count());
                }
                lastBodyBytes = c.head.totalBytes - c.head.headBytes;
                if (++done == options.warmup) windowStart = now;
                windowEnd = now;
                c.input.clear();
                c.received = 0;
                c.headParsed = false;
                sendNext(c);
            }
        }
    } catch (...) {
        closeAll();
        throw;
    }
    closeAll();
    // Requests lost with their connection were never answered: they count as errors too.
    errors += total - done;
    const double seconds = std::chrono::duration<double>(windowEnd - windowStart).count();
    return {summarize(micros), seconds > 0 ? double(micros.size()) / seconds : 0, options.requests,
            lastBodyBytes, errors};
}

}  // namespace tessera::bench
