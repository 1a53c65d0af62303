// The client's version, printed by `tessera version`, `tessera --version` and `tessera doctor`:
// the build's (server/build_info.hpp), since client and server are one binary.
#pragma once

#include <string>

namespace tessera::cli {

// "tessera <version> (revision <git revision>)".
std::string versionLine();
std::string clientVersion();
std::string clientRevision();

}  // namespace tessera::cli
