// Dense numbering of UUIDs: slot i holds the i-th distinct UUID interned. The hash table stores
// a 32-bit slot and an 8-bit hash tag per bucket (the keys live once, in a dense array), so an id
// costs 16 bytes plus 6.7–10 bytes of table; probing compares tags and touches a key only on a tag
// match. Lookups happen per request and per write (and twice per edge while building), never
// per traversed vertex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "graph/dependency_index.hpp"

namespace tessera::graph {

class UuidInterner {
  public:
    static constexpr uint32_t kNotFound = UINT32_MAX;

    uint32_t find(const Uuid& id) const noexcept;
    // find() for `count` ids at once: each probe stage is prefetched for a group of ids before
    // any is used, so their cache misses overlap instead of queueing (a bulk load looks up two
    // random ids per edge; measured ~3x faster per id than one find() after another at 1M).
    void findMany(const Uuid* ids, size_t count, uint32_t* slots) const noexcept;
    // The slot of `id`, and whether it was added by this call.
    std::pair<uint32_t, bool> intern(const Uuid& id);

    const Uuid& operator[](uint32_t slot) const noexcept { return ids_[slot]; }
    size_t size() const noexcept { return ids_.size(); }

    void reserve(size_t count);
    // Whether `count` more ids fit without reallocating (a reallocation would have to happen
    // under the exclusive lock, see DependencyIndex::apply).
    bool hasRoomFor(size_t count) const noexcept;
    // Frees spare capacity beyond room for `headroom` more ids.
    void shrinkToFit(size_t headroom = 0);
    size_t memoryBytes() const noexcept;

  private:
    static constexpr uint32_t kEmpty = UINT32_MAX;

    uint32_t probe(const Uuid& id, uint64_t hash, size_t bucket) const noexcept;
    void rehash(size_t bucketCount);
    size_t bucketOf(uint64_t hash) const noexcept;
    void place(uint32_t slot, uint64_t hash) noexcept;

    std::vector<Uuid> ids_;
    // Any bucket count (not a power of two), linear probing, load ≤ 3/4.
    std::vector<uint32_t> slots_;
    std::vector<uint8_t> tags_;
};

}  // namespace tessera::graph
