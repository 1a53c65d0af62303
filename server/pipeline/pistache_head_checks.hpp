// The Pistache half of the request-head guard (request_head_guard.hpp): refusing a connection
// with a response written straight to the socket (before Pistache's parser has a request, there
// is no ResponseWriter to write it with).
#pragma once

#include <memory>

#include "server/pipeline/request_head_guard.hpp"

namespace Pistache::Tcp {
class Peer;
}

namespace tessera::server {

// Sends `rejection` in the error envelope with `Connection: close`, then ends the connection's
// write side; Pistache drops the peer when the client closes.
void refuseConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                      const HeadRejection& rejection);

}  // namespace tessera::server
