#include "core/column_mappings.hpp"

#include <algorithm>

#include "core/json.hpp"

namespace tessera::core {
namespace {

std::optional<std::string> textMember(const rapidjson::Value& object, const char* name) {
    const auto found = object.FindMember(name);
    if (found == object.MemberEnd() || !found->value.IsString()) return std::nullopt;
    return std::string(found->value.GetString(), found->value.GetStringLength());
}

}  // namespace

std::vector<ColumnMapping> canonicalMappings(std::vector<ColumnMapping> mappings) {
    std::sort(mappings.begin(), mappings.end());
    mappings.erase(std::unique(mappings.begin(), mappings.end()), mappings.end());
    return mappings;
}

std::string columnMappingsToJson(const std::vector<ColumnMapping>& mappings) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartArray();
    for (const ColumnMapping& mapping : mappings) {
        w.StartObject();
        w.Key("target_column");
        writeNullableString(w, mapping.targetColumn);
        w.Key("source_column");
        writeString(w, mapping.sourceColumn);
        w.Key("kind");
        writeString(w, mapping.kind);
        w.Key("subtype");
        writeNullableString(w, mapping.subtype);
        w.EndObject();
    }
    w.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<ColumnMapping> columnMappingsFromJson(const rapidjson::Value& array) {
    std::vector<ColumnMapping> mappings;
    if (!array.IsArray()) return mappings;
    for (const auto& item : array.GetArray()) {
        if (!item.IsObject()) continue;
        auto source = textMember(item, "source_column");
        if (!source) continue;
        mappings.push_back({textMember(item, "target_column"), std::move(*source),
                            textMember(item, "kind").value_or("DIRECT"),
                            textMember(item, "subtype")});
    }
    return mappings;
}

}  // namespace tessera::core
