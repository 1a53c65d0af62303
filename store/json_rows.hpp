// Rows for statements that take a whole batch as one JSON array (json_to_recordset): the few
// writers the batched inlets share (dbt sync, OpenLineage ingest).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"

namespace tessera::store::json_rows {

inline void text(core::JsonWriter& w, const char* key, const std::string& value) {
    w.Key(key);
    core::writeString(w, value);
}
inline void nullableMember(core::JsonWriter& w, const char* key,
                           const std::optional<std::string>& value) {
    w.Key(key);
    core::writeNullableString(w, value);
}
inline void rawJson(core::JsonWriter& w, const char* key, const std::string& json) {
    w.Key(key);
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

// The rows of one statement: a JSON array of the objects `each` writes for each row.
template <typename Rows, typename Each>
std::string jsonRows(const Rows& rows, Each each) {
    rapidjson::StringBuffer buffer;
    core::JsonWriter w(buffer);
    w.StartArray();
    for (const auto& row : rows) {
        w.StartObject();
        each(w, row);
        w.EndObject();
    }
    w.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tessera::store::json_rows
