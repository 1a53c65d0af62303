// Checks that a submitted contract schema is acceptable: the Draft-07 meta-schema rule of
// spec 01 §13 and the size / property-count limits of 01 §15.
//
// Both checks are pure and total: any JSON value yields a result, never an exception.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace tessera::core {

// Deepest container nesting the engines accept (root object = 1). The HTTP parser already
// rejects documents nested deeper than 128, so this only guards programmatic or stored input
// against unbounded recursion.
inline constexpr std::size_t kMaxSchemaNestingDepth = 256;

// True when `value` nests arrays/objects deeper than `maxDepth` (root container = depth 1).
// Iterative, so it is safe on any input.
bool exceedsNestingDepth(const rapidjson::Value& value, std::size_t maxDepth);

// Validates `schema` against the JSON Schema Draft-07 meta-schema (whatever `$schema` it
// declares). Returns every violation as "<path>: <message>" in the order the original service
// reported them (meta-schema keyword order, depth-first); empty means valid. Examples:
//   "properties.id.type: 'not_a_type' is not valid under any of the given schemas"
//   "required: 'id' is not of type 'array'"
//   "allOf: [] should be non-empty"
// Members of one `properties`/`definitions`/`patternProperties`/`dependencies` object are
// visited in input order (the original's order there was not deterministic).
// A schema nested deeper than kMaxSchemaNestingDepth yields the single error
// "root: schema nesting exceeds the maximum depth of 256".
std::vector<std::string> validateJsonSchema(const rapidjson::Value& schema);

// The message used by impact analysis and proposal publishing:
// "Invalid JSON Schema: <e1>; <e2>…" (errors joined by "; ").
std::string invalidSchemaMessage(const std::vector<std::string>& errors);

// Limits on a submitted schema (env MAX_SCHEMA_SIZE_BYTES / MAX_SCHEMA_PROPERTIES).
struct SchemaLimits {
    std::size_t maxSizeBytes = 1'000'000;
    std::size_t maxProperties = 1000;
};

// Length in characters of the schema's compact serialization as the original measured it:
// separators "," and ":", keys in input order, every non-ASCII character escaped as \uXXXX (a
// surrogate pair beyond the BMP), floats in Python's repr form.
std::size_t schemaSerializedSize(const rapidjson::Value& schema);

// The first limit the schema breaks, as the exact rule text the 422 carries after
// "Value error, ", or nullopt when within limits. Size is checked first:
//   "Schema too large. Maximum size: 1,000,000 bytes (0MB). Current size: 1,234,567 bytes."
//   "Too many properties in schema. Maximum: 1000. Found: 1001."
// The property count applies only when the top-level "type" is the string "object" and a
// top-level "properties" key exists (entries of an object, or elements of an array).
std::optional<std::string> checkSchemaLimits(const rapidjson::Value& schema,
                                             const SchemaLimits& limits);

}  // namespace tessera::core
