#include "server/pipeline/pistache_head_checks.hpp"

#include <pistache/cookie.h>
#include <pistache/http_defs.h>
#include <pistache/http_headers.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <sstream>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/uuid.hpp"
#include "server/http/responses.hpp"
#include "server/pipeline/request_pipeline.hpp"

namespace tessera::server {

using namespace Pistache;

namespace {

// The connected client's address and port as raw bytes, empty when the socket has none.
std::string remoteAddress(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
    return std::string(reinterpret_cast<const char*>(&address), length);
}

// "~<rest of the name>" → the lower-cased name, for every header disguised from Pistache.
const std::unordered_map<std::string, std::string>& undisguisedNames() {
    static const std::unordered_map<std::string, std::string> names = [] {
        std::unordered_map<std::string, std::string> table;
        for (const std::string& name : Http::Header::Registry::instance().headersList()) {
            if (disguisedFromPistache(name))
                table.emplace(core::asciiLower(disguisedHeaderName(name)), core::asciiLower(name));
        }
        return table;
    }();
    return names;
}

}  // namespace

bool disguisedFromPistache(std::string_view name) {
    if (name.empty()) return false;
    const std::string header(name);
    return !Http::Header::LowercaseEqualStatic(header, "content-length") &&
           !Http::Header::LowercaseEqualStatic(header, "transfer-encoding") &&
           Http::Header::Registry::instance().isRegistered(header);
}

std::string disguisedHeaderName(std::string_view name) {
    std::string disguised(name);
    if (!disguised.empty()) disguised.front() = '~';
    return disguised;
}

std::string undisguisedHeaderName(std::string_view name) {
    std::string lower = core::asciiLower(name);
    if (!lower.empty() && lower.front() == '~') {
        const auto found = undisguisedNames().find(lower);
        if (found != undisguisedNames().end()) return found->second;
    }
    return lower;
}

std::optional<HeadRejection> pistacheHeaderCheck(std::string_view name, std::string_view value) {
    // Copies end in NUL: some of Pistache's parsers read past the length they are given.
    const std::string header(name);
    const std::string text(value);
    try {
        if (Http::Header::LowercaseEqualStatic(header, "cookie")) {
            Http::CookieJar jar;
            jar.addFromRaw(text.data(), text.size());
        } else if (Http::Header::LowercaseEqualStatic(header, "set-cookie")) {
            Http::Cookie::fromRaw(text.data(), text.size());
        } else if (Http::Header::Registry::instance().isRegistered(header)) {
            Http::Header::Registry::instance().makeHeader(header)->parseRaw(text.data(),
                                                                            text.size());
        }
    } catch (const Http::HttpError& error) {
        // Pistache would answer these itself (415 for a media type it cannot read, …) in plain
        // text: the same status in the envelope, code as for any generic HTTP error (01 §2.2).
        const int status =
            error.code() >= 400 && error.code() < 500 ? error.code() : core::status::kBadRequest;
        return HeadRejection{status, core::code::kBadRequest,
                             core::sanitizedUtf8Prefix(error.reason(), 200)};
    } catch (const std::exception&) {
        return HeadRejection{core::status::kBadRequest, core::code::kBadRequest,
                             "Malformed " + core::sanitizedUtf8Prefix(header, 100) + " header"};
    }
    return std::nullopt;
}

void refuseConnection(const std::shared_ptr<Tcp::Peer>& peer, const HeadRejection& rejection,
                      std::function<void()> written) {
    const std::string requestId = core::randomUuid();
    HttpResponse response = errorResponse(
        core::ApiError(rejection.status, rejection.code, rejection.message), requestId);
    response.setHeader("X-Request-ID", requestId);
    addSecurityHeaders(response);
    std::ostringstream wire;
    wire << "HTTP/1.1 " << response.status << ' ' << static_cast<Http::Code>(response.status)
         << "\r\nContent-Type: " << response.contentType << "\r\n";
    for (const auto& [name, value] : response.headers) wire << name << ": " << value << "\r\n";
    wire << "Connection: close\r\nContent-Length: " << response.body.size() << "\r\n\r\n"
         << response.body;
    const std::string bytes = wire.str();
    // The write may complete after the client went away and its descriptor was reused by a new
    // connection (Pistache queues writes by descriptor): shut down only the socket that is
    // still connected to the same client address.
    const int fd = peer->fd();
    const std::string client = remoteAddress(fd);
    peer->send(RawBuffer(bytes, bytes.size()))
        .then(
            [fd, client, written](ssize_t) {
                if (!client.empty() && remoteAddress(fd) == client) ::shutdown(fd, SHUT_WR);
                written();
            },
            [written](std::exception_ptr&) { written(); });
}

}  // namespace tessera::server
