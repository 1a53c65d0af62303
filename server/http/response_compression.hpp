// Gzip for large responses (issue 19 item 4): a blast-radius listing is JSON that shrinks to
// a fifth or less. Applied by the pipeline after the handler, so every route gets it the same
// way; what it costs and saves is measured by benchmarks/gzip_bench.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/http/http_types.hpp"

namespace tessera::server {

struct CompressionSettings {
    bool enabled = true;     // RESPONSE_GZIP
    size_t minBytes = 1400;  // GZIP_MIN_BYTES: smaller bodies fit one packet anyway
    int level = 1;           // GZIP_LEVEL (zlib 1-9)
};

// Accept-Encoding (RFC 9110 §12.5.3): gzip (or x-gzip) with a non-zero q, or `*` with a
// non-zero q when gzip is not named.
bool acceptsGzip(std::string_view acceptEncoding);

// Media types worth compressing: JSON, text, JavaScript, SVG.
bool isCompressible(std::string_view contentType);

// A gzip member (RFC 1952) of the data at a zlib level.
std::string gzipCompress(std::string_view data, int level);

// Compresses the body in place when the settings, the request and the response allow it:
// Content-Encoding: gzip, Vary: Accept-Encoding, and a strong ETag made weak (the compressed
// bytes differ from the identity ones; ifNoneMatchHits compares weakly).
void compressResponse(const HttpRequest& request, HttpResponse& response,
                      const CompressionSettings& settings);

}  // namespace tessera::server
