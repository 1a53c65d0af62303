// Capacity management for the index's arrays. After a build they keep room for a known number of
// further elements (not a doubling's worth of slack, not none: with no room at all, the first
// write after a build would have to copy the whole store; see DependencyIndex::apply).
#pragma once

#include <cstddef>
#include <vector>

namespace tessera::graph {

// Leaves `values` with room for exactly `headroom` more elements, reallocating if needed.
template <class T>
void fitCapacity(std::vector<T>& values, size_t headroom) {
    const size_t target = values.size() + headroom;
    if (values.capacity() == target) return;
    std::vector<T> fitted;
    fitted.reserve(target);
    fitted.assign(values.begin(), values.end());
    values.swap(fitted);
}

}  // namespace tessera::graph
