#include "server/http/entity_tags.hpp"

namespace tessera::server {
namespace {

std::string_view withoutWeakPrefix(std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
}

}  // namespace

bool ifNoneMatchHits(const HttpRequest& request, std::string_view etag) {
    const auto header = request.header("if-none-match");
    if (!header) return false;
    const std::string_view wanted = withoutWeakPrefix(etag);
    std::string_view rest = *header;
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view item = trimOptionalWhitespace(rest.substr(0, comma));
        if (item == "*" || (!item.empty() && withoutWeakPrefix(item) == wanted)) return true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace tessera::server
