#include "tests/support/keep_alive_connection.hpp"

#include <cstdlib>
#include <stdexcept>

namespace tessera::testing {
namespace {

// The Content-Length of a response head, 0 when it has none.
size_t contentLength(const std::string& head) {
    for (const char* name : {"Content-Length:", "content-length:"}) {
        const size_t at = head.find(name);
        if (at != std::string::npos) return std::strtoul(head.c_str() + at + 15, nullptr, 10);
    }
    return 0;
}

}  // namespace

KeepAliveConnection::KeepAliveConnection(int port) {
    IoStatus status = IoStatus::Ok;
    connection_ = RawConnection::open(port, status);
    if (status != IoStatus::Ok) {
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
}

std::string KeepAliveConnection::get(const std::string& path, std::chrono::milliseconds limit,
                                     const std::string& extraHeaders) {
    const auto deadline = Clock::now() + limit;
    const std::string request = "GET " + path +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n" +
                                extraHeaders + "\r\n";
    if (connection_.write(request, deadline) != IoStatus::Ok) return {};
    std::string response;
    size_t headEnd = std::string::npos;
    while ((headEnd = response.find("\r\n\r\n")) == std::string::npos) {
        if (connection_.readSome(response, deadline) != IoStatus::Ok) return {};
    }
    const size_t total = headEnd + 4 + contentLength(response.substr(0, headEnd));
    while (response.size() < total) {
        if (connection_.readSome(response, deadline) != IoStatus::Ok) return {};
    }
    return response;
}

bool KeepAliveConnection::closedByServer(std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    std::string ignored;
    IoStatus status = IoStatus::Ok;
    while ((status = connection_.readSome(ignored, deadline)) == IoStatus::Ok) ignored.clear();
    return status == IoStatus::Closed;
}

bool connectionRefused(int port) {
    IoStatus status = IoStatus::Ok;
    RawConnection::open(port, status);
    return status == IoStatus::Refused;
}

}  // namespace tessera::testing
