#include "server/pipeline/pistache_head_checks.hpp"

#include <pistache/http_defs.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <sstream>

#include "core/errors.hpp"
#include "core/uuid.hpp"
#include "server/http/responses.hpp"
#include "server/pipeline/request_pipeline.hpp"

namespace tessera::server {

using namespace Pistache;

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
