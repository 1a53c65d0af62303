#include "server/http/route.hpp"

namespace tessera::server {

const char* scopeName(AuthRequirement requirement) {
    switch (requirement) {
        case AuthRequirement::Read:
            return "read";
        case AuthRequirement::Write:
            return "write";
        case AuthRequirement::Admin:
        case AuthRequirement::TeamCreationGate:
            return "admin";
        default:
            return "";
    }
}

}  // namespace tessera::server
