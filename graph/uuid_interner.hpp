// Dense numbering of UUIDs: slot i holds the i-th distinct UUID interned. The hash table stores
// only 32-bit slots (the keys live once, in ids()), so a million ids cost 16 bytes each plus
// 6–11 bytes of table. Lookups happen per request and per write, never per traversed vertex.
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
    // The slot of `id`, and whether it was added by this call.
    std::pair<uint32_t, bool> intern(const Uuid& id);

    const Uuid& operator[](uint32_t slot) const noexcept { return ids_[slot]; }
    const std::vector<Uuid>& ids() const noexcept { return ids_; }
    size_t size() const noexcept { return ids_.size(); }

    void reserve(size_t count);
    void shrinkToFit();
    size_t memoryBytes() const noexcept;

private:
    static constexpr uint32_t kEmpty = UINT32_MAX;

    void rehash(size_t bucketCount);
    size_t bucketFor(const Uuid& id) const noexcept;

    std::vector<Uuid> ids_;
    std::vector<uint32_t> buckets_;  // power-of-two size, linear probing, load ≤ 0.7
};

}  // namespace tessera::graph
