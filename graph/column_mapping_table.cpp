#include "graph/column_mapping_table.hpp"

#include <stdexcept>

namespace tessera::graph {
namespace {

// A hash map node (key, value, next pointer, cached hash) and its bucket pointer.
template <class Map>
size_t mapBytes(const Map& map) {
    return map.bucket_count() * sizeof(void*) +
           map.size() * (sizeof(typename Map::value_type) + 2 * sizeof(void*));
}

size_t textBytes(const std::string& text) {
    return text.capacity() > 15 ? text.capacity() + 1 : 0;  // beyond the small-string buffer
}

}  // namespace

uint32_t ColumnMappingTable::Names::intern(const std::string& name) {
    const auto [slot, added] = ids.try_emplace(name, static_cast<uint32_t>(names.size()));
    if (added) names.push_back(name);
    return slot->second;
}

size_t ColumnMappingTable::Names::memoryBytes() const noexcept {
    size_t bytes = names.capacity() * sizeof(std::string) + mapBytes(ids);
    for (const std::string& name : names) bytes += 2 * textBytes(name);  // the vector and the map
    return bytes;
}

void ColumnMappingTable::put(uint32_t dependent, uint32_t dependency,
                             const std::vector<core::ColumnMapping>& mappings) {
    const uint64_t edge = key(dependent, dependency);
    if (const auto found = byEdge_.find(edge); found != byEdge_.end()) {
        mappings_ -= found->second.size();
        byEdge_.erase(found);
    }
    if (mappings.empty()) return;
    std::vector<PackedColumnMapping> packed;
    packed.reserve(mappings.size());
    for (const core::ColumnMapping& mapping : mappings) {
        PackedColumnMapping one;
        if (mapping.targetColumn) one.target = columns_.intern(*mapping.targetColumn);
        one.source = columns_.intern(mapping.sourceColumn);
        if (mapping.subtype) {
            if (subtypes_.names.size() >= PackedColumnMapping::kNoSubtype &&
                !subtypes_.ids.count(*mapping.subtype)) {
                throw std::invalid_argument("more than 65534 column mapping subtypes");
            }
            one.subtype = static_cast<uint16_t>(subtypes_.intern(*mapping.subtype));
        }
        one.indirect = mapping.kind == "DIRECT" ? 0 : 1;
        packed.push_back(one);
    }
    if (columns_.names.size() >= PackedColumnMapping::kEveryColumn) {
        throw std::invalid_argument("too many column names");
    }
    mappings_ += packed.size();
    byEdge_.emplace(edge, std::move(packed));
}

uint32_t ColumnMappingTable::columnId(const std::string& name) const {
    const auto found = columns_.ids.find(name);
    return found == columns_.ids.end() ? PackedColumnMapping::kEveryColumn : found->second;
}

std::vector<core::ColumnMapping> ColumnMappingTable::unpack(
    const std::vector<PackedColumnMapping>& packed) const {
    std::vector<core::ColumnMapping> mappings;
    mappings.reserve(packed.size());
    for (const PackedColumnMapping& one : packed) {
        core::ColumnMapping mapping;
        if (one.target != PackedColumnMapping::kEveryColumn) {
            mapping.targetColumn = columns_.names[one.target];
        }
        mapping.sourceColumn = columns_.names[one.source];
        mapping.kind = one.indirect ? "INDIRECT" : "DIRECT";
        if (one.subtype != PackedColumnMapping::kNoSubtype) {
            mapping.subtype = subtypes_.names[one.subtype];
        }
        mappings.push_back(std::move(mapping));
    }
    return mappings;
}

size_t ColumnMappingTable::memoryBytes() const noexcept {
    size_t bytes = mapBytes(byEdge_) + columns_.memoryBytes() + subtypes_.memoryBytes();
    for (const auto& [edge, packed] : byEdge_) bytes += packed.capacity() * sizeof(packed[0]);
    return bytes;
}

}  // namespace tessera::graph
