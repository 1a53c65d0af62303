// The `depth` query parameter of impact and blast radius (spec 02 §9.5): 1 … IMPACT_DEPTH_MAX,
// IMPACT_DEPTH_DEFAULT when absent.
#pragma once

#include "server/config.hpp"
#include "server/http/request_validator.hpp"

namespace tessera::server {

inline int traversalDepth(RequestValidator& validate, const Config& config) {
    return static_cast<int>(
        validate.queryInt("depth", config.impactDepthDefault, 1, config.impactDepthMax)
            .value_or(config.impactDepthDefault));
}

}  // namespace tessera::server
