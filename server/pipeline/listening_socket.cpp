#include "server/pipeline/listening_socket.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace tessera::server {
namespace {

bool listensOn(int fd, uint16_t port) {
    int listening = 0;
    socklen_t length = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0 || !listening) {
        return false;
    }
    sockaddr_storage address{};
    length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;
    if (address.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port) == port;
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port) == port;
    }
    return false;
}

}  // namespace

int findListeningSocket(uint16_t port) {
    DIR* descriptors = opendir("/proc/self/fd");
    if (!descriptors) return -1;
    int found = -1;
    while (const dirent* entry = readdir(descriptors)) {
        char* end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == dirfd(descriptors)) continue;
        if (listensOn(static_cast<int>(fd), port)) {
            found = static_cast<int>(fd);
            break;
        }
    }
    closedir(descriptors);
    return found;
}

bool stopListening(int fd, uint16_t port) {
    if (fd < 0 || !listensOn(fd, port)) return false;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;
    // Same family, so Pistache's accept thread, if it wakes on it, sees an ordinary socket
    // error (EINVAL) and carries on, never a "not a socket" error that would end it.
    const int placeholder = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (placeholder < 0) return false;
    const bool replaced = dup2(placeholder, fd) == fd;
    close(placeholder);
    return replaced;
}

}  // namespace tessera::server
