#include "tests/support/raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace tessera::testing {
namespace {

// A connected socket, or -1 with errno set.
int connectLoopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

// The Content-Length of a response head, 0 when it has none.
size_t contentLength(const std::string& head) {
    for (const char* name : {"Content-Length:", "content-length:"}) {
        const size_t at = head.find(name);
        if (at != std::string::npos) return std::strtoul(head.c_str() + at + 15, nullptr, 10);
    }
    return 0;
}

}  // namespace

RawConnection::RawConnection(int port) : fd_(connectLoopback(port)) {
    if (fd_ < 0) throw std::runtime_error("cannot connect to port " + std::to_string(port));
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

std::string RawConnection::get(const std::string& path, std::chrono::milliseconds limit,
                               const std::string& extraHeaders) {
    const std::string request = "GET " + path +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n" +
                                extraHeaders + "\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        return {};
    }
    const auto deadline = std::chrono::steady_clock::now() + limit;
    auto left = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
    };
    std::string response;
    size_t headEnd = std::string::npos;
    while ((headEnd = response.find("\r\n\r\n")) == std::string::npos) {
        if (!readSome(response, left())) return {};
    }
    const size_t total = headEnd + 4 + contentLength(response.substr(0, headEnd));
    while (response.size() < total) {
        if (!readSome(response, left())) return {};
    }
    return response;
}

bool RawConnection::closedByServer(std::chrono::milliseconds limit) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(limit.count())) <= 0) return false;
    char byte;
    return ::recv(fd_, &byte, 1, MSG_PEEK) <= 0;
}

bool RawConnection::readSome(std::string& into, std::chrono::milliseconds limit) {
    if (limit.count() <= 0) return false;
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(limit.count())) <= 0) return false;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    into.append(buffer, static_cast<size_t>(n));
    return true;
}

bool connectionRefused(int port) {
    const int fd = connectLoopback(port);
    if (fd >= 0) {
        ::close(fd);
        return false;
    }
    return errno == ECONNREFUSED;
}

}  // namespace tessera::testing
