// What was built (issue 18): the project's version (CMakeLists.txt) and the git revision of
// the source tree ("-dirty" with uncommitted changes, "unknown" outside a checkout), for
// `tessera --version` and the /health responses.
#pragma once

#include <string_view>

namespace tessera::server {

std::string_view buildVersion();
std::string_view buildRevision();

}  // namespace tessera::server
