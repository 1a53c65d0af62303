#include "server/cache/rendered_body_cache.hpp"

#include "server/metrics/metrics_registry.hpp"

namespace tessera::server {

RenderedBodyCache::RenderedBodyCache(size_t maxBytes, MetricsRegistry* metrics)
    : maxBytes_(maxBytes) {
    if (metrics) {
        const char* help =
            "Blast-radius bodies served from the rendered-body cache (hit) or "
            "rendered (miss)";
        hits_ = &metrics->counter("tessera_rendered_body_cache_requests_total", {{"result", "hit"}},
                                  help);
        misses_ = &metrics->counter("tessera_rendered_body_cache_requests_total",
                                    {{"result", "miss"}}, help);
    }
}

std::shared_ptr<const SharedBody> RenderedBodyCache::find(const std::string& key,
                                                          uint64_t revision) {
    if (!enabled()) return nullptr;
    std::shared_ptr<const SharedBody> body;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (revision == revision_) {
            const auto entry = entries_.find(key);
            if (entry != entries_.end()) {
                recency_.splice(recency_.begin(), recency_, entry->second);
                body = entry->second->second;
            }
        }
    }
    Counter* counter = body ? hits_ : misses_;
    if (counter) counter->increment();
    return body;
}

void RenderedBodyCache::store(const std::string& key, uint64_t revision,
                              std::shared_ptr<const SharedBody> body) {
    const size_t size = body ? body->bytes().size() : 0;
    if (!enabled() || !body || size > maxBytes_ / 4) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (revision < revision_) return;  // rendered before a change this cache has seen
    if (revision > revision_) {
        dropAllLocked();
        revision_ = revision;
    }
    if (const auto existing = entries_.find(key); existing != entries_.end()) {
        // Two requests rendered the same body at once: keep the first.
        recency_.splice(recency_.begin(), recency_, existing->second);
        return;
    }
    while (!recency_.empty() && bytes_ + size > maxBytes_) {
        const auto last = std::prev(recency_.end());
        bytes_ -= last->second->bytes().size();
        entries_.erase(last->first);
        recency_.erase(last);
    }
    recency_.emplace_front(key, std::move(body));
    entries_.emplace(key, recency_.begin());
    bytes_ += size;
}

RenderedBodyCache::Usage RenderedBodyCache::usage() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return Usage{entries_.size(), bytes_};
}

void RenderedBodyCache::dropAllLocked() {
    entries_.clear();
    recency_.clear();
    bytes_ = 0;
}

}  // namespace tessera::server
