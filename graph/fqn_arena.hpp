// Append-only storage for FQN text. Bytes once written never move or change and chunks are
// freed only when nothing refers to them, so a query result can point into the index's own text
// after the reader lock is released (no copy per result): it holds keepAlive(). Text never
// straddles two chunks. Renamed assets leave their old text behind until the store is compacted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace tessera::graph {

class FqnArena {
  public:
    static constexpr size_t kChunkBits = 18;  // 256 KiB chunks (an FQN is at most 64 KiB)
    static constexpr size_t kChunkBytes = size_t{1} << kChunkBits;

    // Appends `text` and returns its offset. Offsets are 32-bit: at most 4 GiB of text.
    uint32_t append(std::string_view text);
    // Whether `bytes` more can be appended (in any number of appends of ≤ 64 KiB each).
    bool fits(size_t bytes) const noexcept;

    std::string_view view(uint32_t offset, uint16_t length) const noexcept {
        return {(*chunks_)[offset >> kChunkBits].get() + (offset & (kChunkBytes - 1)), length};
    }
    // Shares ownership of every chunk written so far.
    std::shared_ptr<const void> keepAlive() const noexcept { return chunks_; }

    size_t appendedBytes() const noexcept;
    size_t memoryBytes() const noexcept;

  private:
    using Chunks = std::vector<std::shared_ptr<char[]>>;

    // Replaced (never changed) when a chunk is added, so results holding the old list are safe.
    // Copies of the arena (snapshot copies of the store) share the list and its chunks; only the
    // newest copy appends, past the bytes the older copies use.
    std::shared_ptr<const Chunks> chunks_ = std::make_shared<const Chunks>();
    size_t used_ = kChunkBytes;  // bytes used in the last chunk (full: no chunk yet)
};

}  // namespace tessera::graph
