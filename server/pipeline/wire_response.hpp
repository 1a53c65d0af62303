// The bytes of a response on the socket, written by the server itself rather than through
// Pistache's ResponseWriter.
//
// Pistache 0.0.5 copies a body four or five times on its way out: into the writer's stream
// buffer (grown by doubling), into a RawBuffer, into the transport's queued entry (a lambda
// capture, then a BufferHolder), and once more on every send attempt (BufferHolder::raw()
// returns by value). For a 125 KB blast radius those copies and their page faults were most
// of the server's CPU per request (benchmarks/README.md). Here the head is formatted into a
// per-thread buffer and head and body leave in one sendmsg() from where they already are;
// only what the socket does not take at once is handed to Pistache's transport, which then
// sends it when the socket is writable (its one copy of the rest, not of the whole).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/http/http_types.hpp"

namespace tessera::server {

// The body as it goes on the wire: none for a response without a content type (a 204 or 304),
// as Pistache's `send(code)` sent it.
inline std::string_view wireBody(const HttpResponse& response) {
    return response.contentType.empty() ? std::string_view() : response.bodyBytes();
}

// The status line and headers as Pistache wrote them: `HTTP/1.x <code> <reason>`, the
// Content-Type (none when `response.contentType` is empty), the response's headers in order,
// `Connection: Keep-Alive` or `Close`, `Content-Length`, the blank line.
void appendResponseHead(std::string& out, bool http10, const HttpResponse& response,
                        bool closeConnection);

// Writes head, then body, to a non-blocking socket until both are written or the socket
// would block. Returns the bytes written (maybe fewer than the total), or -1 when the
// connection is gone (reset, closed). Never raises SIGPIPE.
long writeWhatFits(int fd, std::string_view head, std::string_view body);

}  // namespace tessera::server
