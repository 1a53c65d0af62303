#include "core/asset_rules.hpp"

namespace tessera::core {
namespace {

bool isSegmentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isSegmentChar(char c) {
    return isSegmentStart(c) || (c >= '0' && c <= '9');
}

}  // namespace

bool isValidFqn(std::string_view fqn) {
    size_t segments = 0;
    size_t start = 0;
    while (true) {
        const size_t dot = fqn.find('.', start);
        const std::string_view segment =
            fqn.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (segment.empty() || !isSegmentStart(segment.front())) return false;
        for (char c : segment) {
            if (!isSegmentChar(c)) return false;
        }
        ++segments;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return segments >= 2;
}

}  // namespace tessera::core
