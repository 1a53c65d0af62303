// Column mappings of a dependency edge (issue 20 item 2): which columns of the dependency
// (upstream) each column of the dependent (downstream) reads. From OpenLineage's columnLineage
// facet or set over the dependencies API; stored as JSON in core.dependencies.column_mappings.
#pragma once

#include <rapidjson/document.h>

#include <compare>
#include <optional>
#include <string>
#include <vector>

namespace tessera::core {

struct ColumnMapping {
    // The dependent's column; nullopt: every column (the facet's dataset-level list: filters,
    // joins, sorts that shape every row).
    std::optional<std::string> targetColumn;
    std::string sourceColumn;            // the dependency's column
    std::string kind;                    // DIRECT or INDIRECT
    std::optional<std::string> subtype;  // IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, …

    auto operator<=>(const ColumnMapping&) const = default;
};

// Sorted, without repeats: the one stored form, so the same mappings compare equal.
std::vector<ColumnMapping> canonicalMappings(std::vector<ColumnMapping> mappings);

// [{"target_column": …|null, "source_column": …, "kind": …, "subtype": …|null}, …]
std::string columnMappingsToJson(const std::vector<ColumnMapping>& mappings);
// Stored JSON (written by columnMappingsToJson); members of the wrong type are skipped.
std::vector<ColumnMapping> columnMappingsFromJson(const rapidjson::Value& array);

}  // namespace tessera::core
