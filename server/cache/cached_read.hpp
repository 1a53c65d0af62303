// Read-through caching of a whole 200 response body (spec 02 §10.2; the exact bytes are stored,
// so a hit answers byte for byte what a miss would, unlike the original's re-serialisation).
#pragma once

#include <string>

#include "server/cache/redis_cache.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"

namespace tessera::server {

template <typename Compute>
HttpResponse cachedRead(RequestContext& context, const std::string& key, int ttlSeconds,
                        Compute&& compute) {
    RedisCache* cache = context.app.cache.get();
    if (!cache || !cache->enabled()) return compute();
    RedisCache::Lookup lookup = cache->lookup(key);
    if (lookup.value) return jsonResponse(core::status::kOk, std::move(*lookup.value));
    // A miss is filled from the primary: a lagging read replica would store a value older than
    // the invalidation that just emptied the key, for the whole TTL.
    const bool fromPrimary = context.db.usePrimary();
    HttpResponse response = compute();
    if (fromPrimary && lookup.usable && response.status == core::status::kOk) {
        cache->storeIfCurrent(key, ttlSeconds, response.body, lookup.epoch);
    }
    return response;
}

// Lists cache only their first page of the default size (spec 02 §10.2).
template <typename Compute>
HttpResponse cachedFirstPage(RequestContext& context, const PageParams& page,
                             const std::string& key, int ttlSeconds, Compute&& compute) {
    if (page.offset != 0 || page.limit != context.config().paginationLimitDefault) {
        return compute();
    }
    return cachedRead(context, key, ttlSeconds, std::forward<Compute>(compute));
}

}  // namespace tessera::server
