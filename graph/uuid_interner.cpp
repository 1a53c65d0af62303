#include "graph/uuid_interner.hpp"

#include "graph/fit_capacity.hpp"

#include <algorithm>

namespace tessera::graph {
namespace {

// Buckets for `count` keys at a load of at most 3/4.
size_t bucketCountFor(size_t count) {
    return std::max<size_t>(16, count + count / 3 + 1);
}

uint8_t tagOf(uint64_t hash) {
    return static_cast<uint8_t>(hash);
}

}  // namespace

// Maps the hash onto [0, buckets) by its high bits (Lemire's multiply-shift range reduction).
size_t UuidInterner::bucketOf(uint64_t hash) const noexcept {
    return static_cast<size_t>((static_cast<unsigned __int128>(hash) * slots_.size()) >> 64);
}

uint32_t UuidInterner::probe(const Uuid& id, uint64_t hash, size_t bucket) const noexcept {
    const uint8_t tag = tagOf(hash);
    for (;;) {
        const uint32_t slot = slots_[bucket];
        if (slot == kEmpty) return kNotFound;
        if (tags_[bucket] == tag && ids_[slot] == id) return slot;
        if (++bucket == slots_.size()) bucket = 0;
    }
}

uint32_t UuidInterner::find(const Uuid& id) const noexcept {
    if (slots_.empty()) return kNotFound;
    const uint64_t hash = UuidHash{}(id);
    return probe(id, hash, bucketOf(hash));
}

void UuidInterner::findMany(const Uuid* ids, size_t count, uint32_t* slots) const noexcept {
    if (slots_.empty()) {
        std::fill(slots, slots + count, kNotFound);
        return;
    }
    constexpr size_t kGroup = 32;
    uint64_t hashes[kGroup];
    size_t buckets[kGroup];
    for (size_t base = 0; base < count; base += kGroup) {
        const size_t n = std::min(kGroup, count - base);
        for (size_t i = 0; i < n; ++i) {  // stage 1: the buckets
            hashes[i] = UuidHash{}(ids[base + i]);
            buckets[i] = bucketOf(hashes[i]);
            __builtin_prefetch(&slots_[buckets[i]]);
            __builtin_prefetch(&tags_[buckets[i]]);
        }
        for (size_t i = 0; i < n; ++i) {  // stage 2: the key each bucket points at
            const uint32_t slot = slots_[buckets[i]];
            if (slot != kEmpty) __builtin_prefetch(&ids_[slot]);
        }
        for (size_t i = 0; i < n; ++i)
            slots[base + i] = probe(ids[base + i], hashes[i], buckets[i]);
    }
}

void UuidInterner::place(uint32_t slot, uint64_t hash) noexcept {
    size_t bucket = bucketOf(hash);
    while (slots_[bucket] != kEmpty) {
        if (++bucket == slots_.size()) bucket = 0;
    }
    slots_[bucket] = slot;
    tags_[bucket] = tagOf(hash);
}

std::pair<uint32_t, bool> UuidInterner::intern(const Uuid& id) {
    const uint32_t existing = find(id);
    if (existing != kNotFound) return {existing, false};
    if (slots_.size() < bucketCountFor(ids_.size() + 1)) {
        rehash(bucketCountFor(ids_.size() + 1 + ids_.size() / 2));  // grow by half
    }
    const auto slot = static_cast<uint32_t>(ids_.size());
    ids_.push_back(id);
    place(slot, UuidHash{}(id));
    return {slot, true};
}

void UuidInterner::reserve(size_t count) {
    ids_.reserve(count);
    if (slots_.size() < bucketCountFor(count)) rehash(bucketCountFor(count));
}

bool UuidInterner::hasRoomFor(size_t count) const noexcept {
    return ids_.capacity() >= ids_.size() + count &&
           slots_.size() >= bucketCountFor(ids_.size() + count);
}

void UuidInterner::shrinkToFit(size_t headroom) {
    fitCapacity(ids_, headroom);
    const size_t buckets = bucketCountFor(ids_.size() + headroom);
    if (!capacityFits(slots_.size(), buckets)) rehash(buckets);
}

void UuidInterner::rehash(size_t bucketCount) {
    std::vector<uint32_t>(bucketCount, kEmpty).swap(slots_);
    std::vector<uint8_t>(bucketCount, 0).swap(tags_);
    for (uint32_t slot = 0; slot < ids_.size(); ++slot) place(slot, UuidHash{}(ids_[slot]));
}

size_t UuidInterner::memoryBytes() const noexcept {
    return ids_.capacity() * sizeof(Uuid) + slots_.capacity() * sizeof(uint32_t) + tags_.capacity();
}

}  // namespace tessera::graph
