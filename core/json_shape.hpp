// The shape of a JSON object as a table (required members, member types, nested shapes),
// checked into framework-shaped validation issues (spec 01 §2.3). Used for the standard
// OpenLineage facets (core/openlineage_facets.cpp): a few lines of table per facet instead of a
// JSON-Schema engine.
#pragma once

#include <rapidjson/document.h>

#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace tessera::core {

enum class JsonKind { String, Integer, Number, Boolean, Object, Array, Any };

struct JsonShape;

struct JsonMember {
    std::string_view name;
    JsonKind kind;
    bool required = false;
    // Object: the member's own shape; Array: the shape of each item (an object).
    const JsonShape* shape = nullptr;
};

struct JsonShape {
    std::vector<JsonMember> members = {};
    // Object members not listed, when set: each an object of this shape (a map).
    const JsonShape* eachOther = nullptr;
    // At least one of these members must be present (empty: no such rule).
    std::vector<std::string_view> oneOf = {};
};

using JsonLoc = std::vector<LocPart>;

// `value` against `shape`; members not in the table are allowed. Issues are appended.
void checkJsonShape(const rapidjson::Value& value, const JsonShape& shape, const JsonLoc& loc,
                    std::vector<ValidationIssue>& issues);

// The issues the checks record, for readers that walk values themselves.
ValidationIssue missingMember(JsonLoc loc);
ValidationIssue wrongKind(JsonLoc loc, JsonKind expected, const rapidjson::Value& input);
bool hasKind(const rapidjson::Value& value, JsonKind kind);

}  // namespace tessera::core
