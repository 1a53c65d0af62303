#include "graph/uuid_interner.hpp"

namespace tessera::graph {
namespace {

// Buckets for `count` keys at a load factor of at most 0.7.
size_t bucketCountFor(size_t count) {
    size_t buckets = 16;
    while (buckets * 7 < count * 10) buckets *= 2;
    return buckets;
}

}  // namespace

size_t UuidInterner::bucketFor(const Uuid& id) const noexcept {
    return UuidHash{}(id) & (buckets_.size() - 1);
}

uint32_t UuidInterner::find(const Uuid& id) const noexcept {
    if (buckets_.empty()) return kNotFound;
    const size_t mask = buckets_.size() - 1;
    for (size_t bucket = bucketFor(id);; bucket = (bucket + 1) & mask) {
        const uint32_t slot = buckets_[bucket];
        if (slot == kEmpty) return kNotFound;
        if (ids_[slot] == id) return slot;
    }
}

std::pair<uint32_t, bool> UuidInterner::intern(const Uuid& id) {
    const uint32_t existing = find(id);
    if (existing != kNotFound) return {existing, false};
    if (buckets_.size() * 7 < (ids_.size() + 1) * 10) rehash(bucketCountFor(ids_.size() + 1));
    const auto slot = static_cast<uint32_t>(ids_.size());
    ids_.push_back(id);
    const size_t mask = buckets_.size() - 1;
    size_t bucket = bucketFor(id);
    while (buckets_[bucket] != kEmpty) bucket = (bucket + 1) & mask;
    buckets_[bucket] = slot;
    return {slot, true};
}

void UuidInterner::reserve(size_t count) {
    ids_.reserve(count);
    const size_t wanted = bucketCountFor(count);
    if (wanted > buckets_.size()) rehash(wanted);
}

void UuidInterner::shrinkToFit() {
    ids_.shrink_to_fit();
    const size_t wanted = bucketCountFor(ids_.size());
    if (wanted < buckets_.size()) rehash(wanted);
}

void UuidInterner::rehash(size_t bucketCount) {
    std::vector<uint32_t>(bucketCount, kEmpty).swap(buckets_);
    const size_t mask = bucketCount - 1;
    for (uint32_t slot = 0; slot < ids_.size(); ++slot) {
        size_t bucket = bucketFor(ids_[slot]);
        while (buckets_[bucket] != kEmpty) bucket = (bucket + 1) & mask;
        buckets_[bucket] = slot;
    }
}

size_t UuidInterner::memoryBytes() const noexcept {
    return ids_.capacity() * sizeof(Uuid) + buckets_.capacity() * sizeof(uint32_t);
}

}  // namespace tessera::graph
