// Bodies of index-derived reads rendered once per graph revision (issue 19 item 1): the
// blast radius. Dashboards and CI poll the same few radii, and between two changes of the graph
// every one of those polls walked the index and rendered the same bytes again — ~110 of the
// ~130 µs of server CPU a 350-asset listing cost. The first request renders (into its thread's
// buffer) and stores the bytes here; the next ones send them from here without a copy
// (HttpResponse::sharedBody), gzip included (SharedBody::gzipped).
//
// An entry is found only under its key and the revision it was rendered at, and storing a
// body of a newer revision drops every older one, so after a write the cache holds nothing
// stale; a rebuild (truncated tables, a missed notification) moves the revision too. The key
// is the caller's: everything the body depends on besides the revision (the handler uses the
// ETag's variant, the asset, depth, direction and the applied generation the body names).
// Bounded by bytes (BLAST_RADIUS_CACHE_MB, 0 turns it off), the least recently used entry
// evicted first; a body larger than a quarter of the bound is not kept. One mutex: a lookup
// or a store is a hash probe and a list splice, far shorter than a render.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "server/http/shared_body.hpp"

namespace tessera::server {

class Counter;
class MetricsRegistry;

class RenderedBodyCache {
  public:
    // `metrics` may be null (tests); otherwise hits and misses are counted there.
    RenderedBodyCache(size_t maxBytes, MetricsRegistry* metrics);

    bool enabled() const { return maxBytes_ > 0; }

    // The body stored under `key` at `revision`, or null.
    std::shared_ptr<const SharedBody> find(const std::string& key, uint64_t revision);

    // Keeps `body` under `key` at `revision`, unless a newer revision is already kept or the
    // body is too large to keep.
    void store(const std::string& key, uint64_t revision, std::shared_ptr<const SharedBody> body);

    struct Usage {
        size_t entries = 0;
        size_t bytes = 0;  // of the bodies' identity bytes (gzip forms add about a fifth)
    };
    Usage usage() const;

  private:
    using Entry = std::pair<std::string, std::shared_ptr<const SharedBody>>;

    void dropAllLocked();

    const size_t maxBytes_;
    Counter* hits_ = nullptr;
    Counter* misses_ = nullptr;
    mutable std::mutex mutex_;
    uint64_t revision_ = 0;     // of every kept entry
    std::list<Entry> recency_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> entries_;
    size_t bytes_ = 0;
};

}  // namespace tessera::server
