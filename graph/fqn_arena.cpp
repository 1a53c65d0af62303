#include "graph/fqn_arena.hpp"

#include <cstring>
#include <stdexcept>

namespace tessera::graph {
namespace {

constexpr size_t kMaxOffset = UINT32_MAX;

}  // namespace

bool FqnArena::fits(size_t bytes) const noexcept {
    // Pessimistic: each further chunk may leave up to 64 KiB unused.
    const size_t perChunk = kChunkBytes - (size_t{1} << 16);
    const size_t chunks = (bytes + perChunk - 1) / perChunk + 1;
    return (chunks_->size() + chunks) * kChunkBytes <= kMaxOffset + 1;
}

uint32_t FqnArena::append(std::string_view text) {
    if (text.size() > kChunkBytes) throw std::invalid_argument("FQN longer than a text chunk");
    if (used_ + text.size() > kChunkBytes) {
        if ((chunks_->size() + 1) * kChunkBytes > kMaxOffset + 1) {
            throw std::length_error("graph index: FQN text exceeds 4 GiB");
        }
        auto chunks = std::make_shared<Chunks>(*chunks_);
        chunks->push_back(std::shared_ptr<char[]>(new char[kChunkBytes]));
        chunks_ = std::move(chunks);
        used_ = 0;
    }
    const size_t offset = (chunks_->size() - 1) * kChunkBytes + used_;
    std::memcpy((*chunks_).back().get() + used_, text.data(), text.size());
    used_ += text.size();
    return static_cast<uint32_t>(offset);
}

size_t FqnArena::appendedBytes() const noexcept {
    return chunks_->empty() ? 0 : (chunks_->size() - 1) * kChunkBytes + used_;
}

size_t FqnArena::memoryBytes() const noexcept {
    return chunks_->size() * kChunkBytes + chunks_->capacity() * sizeof(std::shared_ptr<char[]>);
}

}  // namespace tessera::graph
