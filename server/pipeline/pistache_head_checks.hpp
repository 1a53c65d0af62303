// The Pistache half of the request-head guard (request_head_guard.hpp): asking Pistache's own
// typed-header parsers whether they can read a value, and refusing a connection with a response
// written straight to the socket (before Pistache's parser has a request, there is no
// ResponseWriter to write it with).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/pipeline/request_head_guard.hpp"

namespace Pistache::Tcp {
class Peer;
}

namespace tessera::server {

// Nothing when Pistache parses `value` for the header `name` without an exception (or does not
// parse that header at all); otherwise a 4xx in the envelope: 400 where Pistache itself would
// answer a plain-text 500, the status of an HTTP error Pistache would answer in plain text.
std::optional<HeadRejection> pistacheHeaderCheck(std::string_view name, std::string_view value);

// The headers the head guard hands Pistache disguised (RequestHeadGuard::HeaderDisguise): every
// one Pistache parses into a typed header, but Content-Length, by which it reads the body (and
// Transfer-Encoding, which the guard refuses).
bool disguisedFromPistache(std::string_view name);
// The name Pistache knows a disguised header by ("~onnection" for "Connection").
std::string disguisedHeaderName(std::string_view name);
// A raw header's name as the request sent it, lower-cased: disguised ones restored.
std::string undisguisedHeaderName(std::string_view name);

// Sends `rejection` in the error envelope with `Connection: close`, then ends the connection's
// write side (Pistache drops the peer when the client closes) and calls `written`, also when
// the write failed.
void refuseConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer,
                      const HeadRejection& rejection, std::function<void()> written);

}  // namespace tessera::server
