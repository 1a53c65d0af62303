// If-None-Match against an entity tag (RFC 9110 §13.1.2): a list of tags or `*`, compared
// weakly, so the weak form a gzip response carries (W/"…", see response_compression.hpp)
// revalidates the same as the strong one.
#pragma once

#include <string_view>

#include "server/http/http_types.hpp"

namespace tessera::server {

bool ifNoneMatchHits(const HttpRequest& request, std::string_view etag);

}  // namespace tessera::server
