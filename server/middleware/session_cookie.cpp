#include "server/middleware/session_cookie.hpp"

#include <charconv>

#include "server/http/http_types.hpp"
#include "server/middleware/credentials.hpp"

namespace tessera::server {
namespace {

// What the signature covers: a version and the two fields, so no other signed text of the
// server (CSRF tokens) can pass for a session cookie.
std::string signedText(std::string_view sessionId, std::string_view expiresAt) {
    return "session|v1|" + std::string(sessionId) + "|" + std::string(expiresAt);
}

bool isLowerHex(std::string_view text) {
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return !text.empty();
}

std::string_view trimmed(std::string_view text) {
    const size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos) return {};
    const size_t end = text.find_last_not_of(" \t");
    return text.substr(start, end - start + 1);
}

}  // namespace

std::optional<std::string> requestCookie(const HttpRequest& request, std::string_view name) {
    const auto header = request.header("cookie");
    if (!header) return std::nullopt;
    std::string_view rest = *header;
    while (!rest.empty()) {
        const size_t semicolon = rest.find(';');
        const std::string_view pair = trimmed(rest.substr(0, semicolon));
        rest =
            semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
        const size_t equals = pair.find('=');
        if (equals == std::string_view::npos || trimmed(pair.substr(0, equals)) != name) continue;
        std::string_view value = trimmed(pair.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return std::nullopt;
}

std::string setCookieValue(std::string_view name, std::string_view value,
                           const CookieAttributes& attributes) {
    std::string text = std::string(name) + "=" + std::string(value) + "; Path=" + attributes.path +
                       "; Max-Age=" + std::to_string(attributes.maxAgeSeconds) +
                       "; HttpOnly; SameSite=Lax";
    if (attributes.secure) text += "; Secure";
    return text;
}

std::string signSessionCookie(std::string_view sessionId, int64_t expiresAtSeconds,
                              std::string_view secret) {
    const std::string expiresAt = std::to_string(expiresAtSeconds);
    return std::string(sessionId) + "." + expiresAt + "." +
           hmacSha256Hex(secret, signedText(sessionId, expiresAt));
}

std::optional<SignedSession> verifySessionCookie(std::string_view cookie, std::string_view secret,
                                                 int64_t nowSeconds) {
    const size_t first = cookie.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    const size_t second = cookie.find('.', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const std::string_view sessionId = cookie.substr(0, first);
    const std::string_view expiresAt = cookie.substr(first + 1, second - first - 1);
    const std::string_view signature = cookie.substr(second + 1);
    if (sessionId.size() != 64 || !isLowerHex(sessionId) || signature.size() != 64) {
        return std::nullopt;
    }
    int64_t expires = 0;
    const auto parsed =
        std::from_chars(expiresAt.data(), expiresAt.data() + expiresAt.size(), expires);
    if (parsed.ec != std::errc() || parsed.ptr != expiresAt.data() + expiresAt.size()) {
        return std::nullopt;
    }
    if (!constantTimeEquals(signature, hmacSha256Hex(secret, signedText(sessionId, expiresAt)))) {
        return std::nullopt;
    }
    if (expires <= nowSeconds) return std::nullopt;
    return SignedSession{std::string(sessionId), expires};
}

}  // namespace tessera::server
