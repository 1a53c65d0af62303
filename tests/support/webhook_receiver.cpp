#include "tests/support/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tessera::testing {
namespace {

int bindLoopback(int port, int* boundPort) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(fd);
        throw std::runtime_error("bind() failed on port " + std::to_string(port));
    }
    socklen_t length = sizeof(address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    *boundPort = ntohs(address.sin_port);
    return fd;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

int unusedLoopbackPort() {
    int port = 0;
    const int fd = bindLoopback(0, &port);
    ::close(fd);
    return port;
}

WebhookReceiver::WebhookReceiver(std::vector<int> statuses, std::string responseBody,
                                 std::chrono::milliseconds delay, int port)
    : statuses_(std::move(statuses)), responseBody_(std::move(responseBody)), delay_(delay) {
    listener_ = bindLoopback(port, &port_);
    ::listen(listener_, 16);
    thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    thread_.join();
    ::close(listener_);
}

void WebhookReceiver::serve() {
    while (true) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
        }
        pollfd waiting{listener_, POLLIN, 0};
        if (::poll(&waiting, 1, 50) <= 0) continue;
        const int client = ::accept(listener_, nullptr, nullptr);
        if (client >= 0) handle(client);
    }
}

void WebhookReceiver::handle(int client) {
    std::string data;
    char buffer[8192];
    size_t headerEnd = std::string::npos;
    size_t contentLength = 0;
    while (true) {
        pollfd readable{client, POLLIN, 0};
        if (::poll(&readable, 1, 5000) <= 0) break;
        const ssize_t got = ::recv(client, buffer, sizeof(buffer), 0);
        if (got <= 0) break;
        data.append(buffer, static_cast<size_t>(got));
        if (headerEnd == std::string::npos) {
            headerEnd = data.find("\r\n\r\n");
            if (headerEnd != std::string::npos) {
                const std::string head = lower(data.substr(0, headerEnd));
                const auto at = head.find("content-length:");
                if (at != std::string::npos) contentLength = std::stoul(head.substr(at + 15));
            }
        }
        if (headerEnd != std::string::npos && data.size() >= headerEnd + 4 + contentLength) break;
    }
    ReceivedRequest request;
    request.at = std::chrono::steady_clock::now();
    if (headerEnd != std::string::npos) {
        const std::string head = data.substr(0, headerEnd);
        size_t lineEnd = head.find("\r\n");
        const std::string requestLine = head.substr(0, lineEnd);
        const auto firstSpace = requestLine.find(' ');
        const auto secondSpace = requestLine.find(' ', firstSpace + 1);
        request.method = requestLine.substr(0, firstSpace);
        request.path = requestLine.substr(firstSpace + 1, secondSpace - firstSpace - 1);
        while (lineEnd != std::string::npos && lineEnd < head.size()) {
            const size_t next = head.find("\r\n", lineEnd + 2);
            const std::string line = head.substr(
                lineEnd + 2, next == std::string::npos ? std::string::npos : next - lineEnd - 2);
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                request.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
            }
            lineEnd = next;
        }
        request.body = data.substr(headerEnd + 4, contentLength);
    }
    int status = 200;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const size_t index = requests_.size();
        if (!statuses_.empty()) status = statuses_[std::min(index, statuses_.size() - 1)];
    }
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    const std::string response = "HTTP/1.1 " + std::to_string(status) +
                                 " Scripted\r\nContent-Type: text/plain\r\nContent-Length: " +
                                 std::to_string(responseBody_.size()) +
                                 "\r\nConnection: close\r\n\r\n" + responseBody_;
    ::send(client, response.data(), response.size(), MSG_NOSIGNAL);
    ::close(client);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(std::move(request));
    }
    arrived_.notify_all();
}

bool WebhookReceiver::waitFor(size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
}

}  // namespace tessera::testing
