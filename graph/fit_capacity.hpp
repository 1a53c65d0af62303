// Capacity management for the index's arrays. After a build they keep room for a known number of
// further elements (not a doubling's worth of slack, not none: with no room at all, the first
// write after a build would have to copy the whole store; see DependencyIndex::apply).
#pragma once

#include <cstddef>
#include <vector>

namespace tessera::graph {

// Whether a capacity is close enough to `target`: at least it, at most 1/32 above (an array
// reserved from a row estimate is not copied again for a few spare slots).
inline bool capacityFits(size_t capacity, size_t target) {
    return capacity >= target && capacity <= target + target / 32;
}

// Leaves `values` with room for `headroom` more elements (and little more), reallocating if
// needed.
template <class T>
void fitCapacity(std::vector<T>& values, size_t headroom) {
    const size_t target = values.size() + headroom;
    if (capacityFits(values.capacity(), target)) return;
    std::vector<T> fitted;
    fitted.reserve(target);
    fitted.assign(values.begin(), values.end());
    values.swap(fitted);
}

}  // namespace tessera::graph
