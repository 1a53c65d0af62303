// One HTTP request as bytes on the wire, built from a route of the server's table: the method,
// path, query, version, headers, credentials, framing and body each either right or broken in
// one of many ways. Raw bytes, because no HTTP client library sends most of these.
#pragma once

#include <string>
#include <vector>

#include "tests/fuzz/known_ids.hpp"
#include "tests/fuzz/payload.hpp"
#include "tests/fuzz/rng.hpp"
#include "tests/fuzz/route_catalog.hpp"

namespace tessera::fuzz {

// Whether the server owes an answer once the bytes are written.
enum class Framing {
    Complete,    // a well-framed request: no answer within the timeout is a hang
    Garbled,     // broken framing the server may reject at once or wait on: an answer is optional
    Incomplete,  // the server is owed more bytes (e.g. Content-Length past the body): none due
};

struct WireRequest {
    Payload bytes;
    Framing framing = Framing::Complete;
    bool keepAlive = true;  // HTTP/1.1 without `Connection: close`: the connection may be reused
    bool head = false;      // a HEAD request: its answer has headers only
    std::string label;      // the route and the broken parts, for the report
    bool large() const { return bytes.size() > (1u << 20); }
};

struct RequestShaper {
    const std::vector<FuzzRoute>& routes;
    const KnownIds& ids;
    size_t maxBodyBytes;  // the server's MAX_REQUEST_BODY_BYTES

    WireRequest build(Rng& rng) const;
    // A well-framed request (for pipelines and reused connections): only its content is fuzzed.
    WireRequest buildComplete(Rng& rng) const;

  private:
    WireRequest compose(Rng& rng, bool keepFraming) const;
};

}  // namespace tessera::fuzz
