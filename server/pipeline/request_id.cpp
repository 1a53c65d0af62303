#include "server/pipeline/request_id.hpp"

#include <algorithm>

#include "core/uuid.hpp"

namespace tessera::server {
namespace {

bool isIdCharacter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

}  // namespace

bool isAcceptableRequestId(std::string_view id) {
    // Empty is refused too: an empty id correlates nothing in the logs.
    if (id.empty() || id.size() > kMaxRequestIdLength) return false;
    return std::all_of(id.begin(), id.end(), isIdCharacter);
}

std::string requestIdFor(const std::optional<std::string>& clientId) {
    if (clientId && isAcceptableRequestId(*clientId)) return *clientId;
    return core::randomUuid();
}

}  // namespace tessera::server
