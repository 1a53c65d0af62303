#include "server/build_info.hpp"

#include "tessera/build_info_values.hpp"  // generated into the build tree

namespace tessera::server {

std::string_view buildVersion() {
    return TESSERA_BUILD_VERSION;
}

std::string_view buildRevision() {
    return TESSERA_BUILD_REVISION;
}

}  // namespace tessera::server
