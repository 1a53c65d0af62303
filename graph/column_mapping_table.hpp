// The column mappings of the index's edges (issue 20 item 2): which columns of the dependency
// each column of the dependent reads. Column names and subtypes are interned once for the whole
// index; a mapping is 12 bytes (target, source, subtype, kind), an edge's mappings one vector in
// a hash map keyed by its two vertices. Copyable (the kSnapshot mode copies the store).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/column_mappings.hpp"

namespace tessera::graph {

struct PackedColumnMapping {
    static constexpr uint32_t kEveryColumn = UINT32_MAX;  // the facet's dataset-level entries
    static constexpr uint16_t kNoSubtype = UINT16_MAX;

    uint32_t target = kEveryColumn;  // column name id of the dependent
    uint32_t source = 0;             // column name id of the dependency
    uint16_t subtype = kNoSubtype;   // subtype name id
    uint8_t indirect = 0;            // kind: 0 DIRECT, 1 INDIRECT (any other kind is kept as 1)
};
static_assert(sizeof(PackedColumnMapping) == 12, "a mapping is counted in the memory budget");

class ColumnMappingTable {
  public:
    // Replaces the edge's mappings; an empty list removes them (the edge reads all columns).
    void put(uint32_t dependent, uint32_t dependency,
             const std::vector<core::ColumnMapping>& mappings);
    void remove(uint32_t dependent, uint32_t dependency) { put(dependent, dependency, {}); }
    // nullptr when the edge has none.
    const std::vector<PackedColumnMapping>* find(uint32_t dependent, uint32_t dependency) const {
        const auto found = byEdge_.find(key(dependent, dependency));
        return found == byEdge_.end() ? nullptr : &found->second;
    }
    // The id of a column name, or kEveryColumn when no mapping names it.
    uint32_t columnId(const std::string& name) const;
    const std::string& columnName(uint32_t id) const { return columns_.names[id]; }
    std::vector<core::ColumnMapping> unpack(const std::vector<PackedColumnMapping>& packed) const;

    size_t edgeCount() const noexcept { return byEdge_.size(); }
    size_t mappingCount() const noexcept { return mappings_; }
    size_t memoryBytes() const noexcept;

  private:
    struct Names {
        std::vector<std::string> names;
        std::unordered_map<std::string, uint32_t> ids;
        uint32_t intern(const std::string& name);
        size_t memoryBytes() const noexcept;
    };

    static uint64_t key(uint32_t dependent, uint32_t dependency) {
        return (uint64_t{dependent} << 32) | dependency;
    }

    std::unordered_map<uint64_t, std::vector<PackedColumnMapping>> byEdge_;
    size_t mappings_ = 0;
    Names columns_;
    Names subtypes_;
};

}  // namespace tessera::graph
