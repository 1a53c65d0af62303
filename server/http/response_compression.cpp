#include "server/http/response_compression.hpp"

#include <cctype>
#include <stdexcept>

#include <zlib.h>

namespace tessera::server {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

// The q of one Accept-Encoding item's parameters (";q=0.5"); 1 when absent, 0 when malformed.
double qualityOf(std::string_view parameters) {
    while (!parameters.empty()) {
        const size_t semicolon = parameters.find(';');
        const std::string_view parameter = trimOptionalWhitespace(parameters.substr(0, semicolon));
        if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
            parameter[1] == '=') {
            const std::string value(trimOptionalWhitespace(parameter.substr(2)));
            if (value.empty() || value.size() > 5) return 0;
            try {
                size_t used = 0;
                const double q = std::stod(value, &used);
                return used == value.size() && q >= 0 && q <= 1 ? q : 0;
            } catch (const std::exception&) {
                return 0;
            }
        }
        if (semicolon == std::string_view::npos) break;
        parameters.remove_prefix(semicolon + 1);
    }
    return 1;
}

}  // namespace

bool acceptsGzip(std::string_view acceptEncoding) {
    double gzip = -1;
    double any = -1;
    while (!acceptEncoding.empty()) {
        const size_t comma = acceptEncoding.find(',');
        const std::string_view item = acceptEncoding.substr(0, comma);
        const size_t semicolon = item.find(';');
        const std::string_view coding = trimOptionalWhitespace(item.substr(0, semicolon));
        const double q =
            semicolon == std::string_view::npos ? 1 : qualityOf(item.substr(semicolon + 1));
        if (equalsIgnoringCase(coding, "gzip") || equalsIgnoringCase(coding, "x-gzip")) {
            gzip = q;
        } else if (coding == "*") {
            any = q;
        }
        if (comma == std::string_view::npos) break;
        acceptEncoding.remove_prefix(comma + 1);
    }
    return gzip >= 0 ? gzip > 0 : any > 0;
}

bool isCompressible(std::string_view contentType) {
    const std::string_view type =
        trimOptionalWhitespace(contentType.substr(0, contentType.find(';')));
    return type == "application/json" || type.substr(0, 5) == "text/" ||
           type == "application/javascript" || type == "image/svg+xml" ||
           (type.size() > 5 && type.substr(type.size() - 5) == "+json");
}

std::string gzipCompress(std::string_view data, int level) {
    z_stream stream{};
    // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const size_t written = stream.total_out;
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    out.resize(written);
    return out;
}

void compressResponse(const HttpRequest& request, HttpResponse& response,
                      const CompressionSettings& settings) {
    if (!settings.enabled || response.bodyBytes().size() < settings.minBytes) return;
    if (!isCompressible(response.contentType) || response.header("Content-Encoding")) return;
    // The answer depends on Accept-Encoding from here on, whether or not this one is gzip.
    const auto vary = response.header("Vary");
    response.setHeader("Vary", vary && !vary->empty() ? *vary + ", Accept-Encoding"
                                                      : std::string("Accept-Encoding"));
    const auto acceptEncoding = request.header("accept-encoding");
    if (!acceptEncoding || !acceptsGzip(*acceptEncoding)) return;
    if (response.sharedBody) {
        std::shared_ptr<const SharedBody> compressed = response.sharedBody->gzipped(settings.level);
        if (!compressed) return;
        response.sharedBody = std::move(compressed);
    } else {
        std::string compressed = gzipCompress(response.body, settings.level);
        if (compressed.size() >= response.body.size()) return;
        response.body = std::move(compressed);
    }
    response.setHeader("Content-Encoding", "gzip");
    if (auto etag = response.header("ETag"); etag && etag->rfind("W/", 0) != 0) {
        response.setHeader("ETag", "W/" + *etag);
    }
}

}  // namespace tessera::server
