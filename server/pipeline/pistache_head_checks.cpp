#include "server/pipeline/pistache_head_checks.hpp"

#include <pistache/cookie.h>
#include <pistache/http_defs.h>
#include <pistache/http_headers.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <sstream>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/uuid.hpp"
#include "server/http/responses.hpp"
#include "server/pipeline/request_pipeline.hpp"

namespace tessera::server {

using namespace Pistache;

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
    } catch (const Http::HttpError&) {
        return std::nullopt;  // Pistache answers these itself, with their own 4xx
    } catch (const std::exception&) {
        return HeadRejection{core::status::kBadRequest, core::code::kBadRequest,
                             "Malformed " + core::sanitizedUtf8Prefix(header, 100) + " header"};
    }
    return std::nullopt;
}

void refuseConnection(const std::shared_ptr<Tcp::Peer>& peer, const HeadRejection& rejection) {
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
    std::weak_ptr<Tcp::Peer> weak = peer;
    peer->send(RawBuffer(bytes, bytes.size()))
        .then(
            [weak](ssize_t) {
                if (auto alive = weak.lock()) ::shutdown(alive->fd(), SHUT_WR);
            },
            Async::IgnoreException);
}

}  // namespace tessera::server
