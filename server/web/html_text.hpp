// The one way text reaches the web UI's HTML: every value (a user's name, an asset's FQN, a
// token) goes through escapeHtml, which makes it text in element content and in quoted
// attribute values alike.
#pragma once

#include <string>
#include <string_view>

namespace tessera::server::web {

// & < > " ' as character references; everything else as it is.
std::string escapeHtml(std::string_view text);

}  // namespace tessera::server::web
