// Framework-neutral request/response values. Only server/pipeline/http_endpoint.cpp knows Pistache;
// the pipeline, middleware and handlers work on these, which keeps them testable without sockets.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error_codes.hpp"
#include "server/http/shared_body.hpp"

namespace tessera::server {

struct HttpRequest {
    std::string method;  // upper case, e.g. "GET"
    std::string path;    // raw path without the query string
    // Query parameters, percent-decoded, in arrival order (a repeated name: the last wins).
    std::vector<std::pair<std::string, std::string>> query;
    std::string rawQuery;  // as received, without the leading `?` (kept on 307 redirects)
    std::map<std::string, std::string> headers;  // lower-case names, first occurrence
    std::string body;
    std::string clientIp;

    std::optional<std::string> header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        if (it == headers.end()) return std::nullopt;
        return it->second;
    }
    std::optional<std::string> queryValue(const std::string& name) const {
        std::optional<std::string> value;
        for (const auto& [key, v] : query) {
            if (key == name) value = v;
        }
        return value;
    }
};

struct HttpResponse {
    int status = core::status::kOk;
    std::string contentType = "application/json";
    std::string body;
    // Instead of `body`: bytes shared with other responses (a cached render), sent from where
    // they are. Read the body through bodyBytes().
    std::shared_ptr<const SharedBody> sharedBody;
    std::vector<std::pair<std::string, std::string>> headers;

    std::string_view bodyBytes() const {
        return sharedBody ? sharedBody->bytes() : std::string_view(body);
    }

    void setHeader(const std::string& name, std::string value) {
        for (auto& [key, existing] : headers) {
            if (key == name) {
                existing = std::move(value);
                return;
            }
        }
        headers.emplace_back(name, std::move(value));
    }
    std::optional<std::string> header(const std::string& name) const {
        for (const auto& [key, value] : headers) {
            if (key == name) return value;
        }
        return std::nullopt;
    }
};

// Percent-decoding for paths and query strings (`+` becomes a space in queries only).
std::string percentDecode(std::string_view text, bool plusIsSpace);

// The parameters of a raw query string (no leading `?`), decoded, in arrival order, repeats
// kept, as Starlette reads them (urllib's parse_qsl with blank values kept): `&` separates,
// empty pieces are skipped, a piece without `=` is a name with an empty value.
std::vector<std::pair<std::string, std::string>> parseQueryString(std::string_view raw);

// Header values without the optional whitespace (RFC 9110 §5.6.3: spaces and tabs) around them.
std::string_view trimOptionalWhitespace(std::string_view text);

}  // namespace tessera::server
