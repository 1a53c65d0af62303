#include "server/http/http_types.hpp"

#include "core/hex.hpp"

namespace tessera::server {

std::string percentDecode(std::string_view text, bool plusIsSpace) {
    if (text.find('%') == std::string::npos &&
        (!plusIsSpace || text.find('+') == std::string::npos)) {
        return std::string(text);  // nothing to decode: most parameters
    }
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int high = core::hexDigitValue(text[i + 1]);
            const int low = core::hexDigitValue(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        out.push_back(plusIsSpace && c == '+' ? ' ' : c);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parseQueryString(std::string_view raw) {
    std::vector<std::pair<std::string, std::string>> parameters;
    while (!raw.empty()) {
        const size_t end = raw.find('&');
        const std::string_view piece = raw.substr(0, end);
        raw.remove_prefix(end == std::string_view::npos ? raw.size() : end + 1);
        if (piece.empty()) continue;
        const size_t equals = piece.find('=');
        const std::string_view name = piece.substr(0, equals);
        const std::string_view value =
            equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1);
        parameters.emplace_back(percentDecode(name, true), percentDecode(value, true));
    }
    return parameters;
}

std::string_view trimOptionalWhitespace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace tessera::server
