// JSON helpers shared by every layer: bounded parsing, compact writing, re-emitting stored JSON.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

struct JsonParseResult {
    rapidjson::Document document;
    bool ok = false;
    size_t errorOffset = 0;
    std::string errorMessage;
};

// Parses `text` iteratively (no recursion in the parser) and refuses documents nested deeper
// than `maxDepth` before parsing, so a megabyte of `[[[[` cannot exhaust the stack anywhere.
// A repeated key keeps its last value in its first place (Python's json module); a NUL
// character in any string or key is refused.
JsonParseResult parseJson(std::string_view text, int maxDepth);

// Depth of the deepest array/object nesting, counting brackets outside strings. Returns the
// offset of the first bracket past `maxDepth` when the limit is exceeded.
std::optional<size_t> findNestingViolation(std::string_view text, int maxDepth);

// Compact serialisation (separators `,` and `:`; non-ASCII emitted raw).
std::string toJson(const rapidjson::Value& value);

// The member `key` of `object` when it is a non-empty string; nullopt otherwise (absent, another
// type, empty, or `object` not an object).
std::optional<std::string> nonEmptyStringMember(const rapidjson::Value& object, const char* key);

// Parses JSON text read back from Postgres: always valid there, so a failure throws
// std::runtime_error (a 500), never a client error.
rapidjson::Document parseStoredJson(std::string_view text);

// Writes JSON text that came from storage (jsonb renders with spaces) compactly into `writer`.
// Stored text is always valid JSON; an unparsable value is written as null.
void writeStoredJson(JsonWriter& writer, std::string_view storedJson);

// The same, with the members of the stored object — or of each object of a stored array —
// in `keyOrder` first (those present, in that order), then the rest as stored: jsonb keeps
// keys sorted by length and bytes, and the spec fixes the order of some stored objects.
void writeStoredJsonInKeyOrder(JsonWriter& writer, std::string_view storedJson,
                               std::initializer_list<std::string_view> keyOrder);

inline void writeString(JsonWriter& writer, std::string_view text) {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}
inline void writeKey(JsonWriter& writer, std::string_view key) {
    writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
}
inline void writeNullableString(JsonWriter& writer, const std::optional<std::string>& text) {
    if (text) {
        writeString(writer, *text);
    } else {
        writer.Null();
    }
}

// A timestamp in the default wire form of core/timestamp.hpp, or null.
void writeNullableTimestamp(JsonWriter& writer, const std::optional<int64_t>& epochMicros);

// Renders a string as a JSON string literal (for building small JSON fragments).
std::string jsonQuote(std::string_view text);

}  // namespace tessera::core
