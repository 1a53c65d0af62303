// Which Redis keys and patterns a request's CacheChange makes stale. Lineage responses list
// the neighbours of an asset by FQN and owner, so an asset change also invalidates the lineage
// of its direct neighbours, found in the dependency index (already refreshed by then).
#pragma once

#include <string>
#include <vector>

#include "graph/dependency_index.hpp"
#include "server/cache/cache_keys.hpp"

namespace tessera::server {

struct InvalidationPlan {
    std::vector<std::string> keys;
    std::vector<std::string> patterns;
};

// `index` may be null (no neighbours then).
InvalidationPlan planInvalidation(const CacheChange& change, const graph::DependencyIndex* index);

}  // namespace tessera::server
