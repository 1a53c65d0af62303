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

const char* rateBucketName(RateBucket bucket) {
    switch (bucket) {
        case RateBucket::Read:
            return "read";
        case RateBucket::Write:
            return "write";
        case RateBucket::Admin:
            return "admin";
        default:
            return "";
    }
}

}  // namespace tessera::server
