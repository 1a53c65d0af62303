// Closing the endpoint's listening socket ahead of the rest of the endpoint. Pistache 0.0.5
// closes it only when the endpoint is destroyed, after its workers are stopped (which drops
// the responses still queued), and keeps the descriptor private: so it is found by what it is,
// the one socket of this process listening on the endpoint's port.
#pragma once

#include <cstdint>

namespace tessera::server {

// The descriptor of the socket this process listens on at `port`, or -1.
int findListeningSocket(uint16_t port);

// Stops accepting at once (new connections are refused) by putting a fresh, unconnected socket
// in the place of `fd`, which closes the listening one; Pistache later closes the placeholder
// instead of a descriptor number that may have been reused. False if `fd` is no longer the
// listener on `port`.
bool stopListening(int fd, uint16_t port);

}  // namespace tessera::server
