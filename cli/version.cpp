#include "cli/version.hpp"

#include "server/build_info.hpp"

namespace tessera::cli {

std::string clientVersion() {
    return std::string(server::buildVersion());
}

std::string clientRevision() {
    return std::string(server::buildRevision());
}

std::string versionLine() {
    return "tessera " + clientVersion() + " (revision " + clientRevision() + ")";
}

}  // namespace tessera::cli
