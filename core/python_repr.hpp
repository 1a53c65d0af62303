// Python value semantics for JSON values: repr()/str() rendering, equality, truthiness, sets.
//
// The service Tessera replaces was written in Python. The texts its clients see in schema
// validation errors and change messages are Python's repr()/str() of the parsed JSON, and its
// diff rules rest on Python's dict, set, equality and truthiness. This module reproduces those
// semantics once, for the validator and both diff engines.
//
// JSON objects are read as Python dicts: when a key repeats, the dict keeps the position of the
// first occurrence and the value of the last one (RapidJSON keeps both members).
//
// Every function here is total: any JSON value (including invalid UTF-8 in strings, which Python
// could never hold and which is decoded leniently) renders without throwing. Rendering stops
// descending at kMaxRenderDepth and writes "..." instead, so the output is bounded for any input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace tessera::core {

inline constexpr std::size_t kMaxRenderDepth = 256;

// repr(value): strings quoted ('x', or "x" when the text holds ' but no "), True/False/None,
// integers in decimal, floats in Python's shortest form (10.0, 1e+16, 1e-05), [a, b],
// {'k': v}. Example: {'type': 'x'}.
std::string pythonRepr(const rapidjson::Value& value);

// str(value): as repr, except that a top-level string is rendered raw (no quotes). This is what
// an f-string placeholder like "Default value added: {v}" produces.
std::string pythonStr(const rapidjson::Value& value);

// repr() of a Python str holding this UTF-8 text, e.g. 'it' or "it's" or 'a\nb'.
std::string pythonReprString(std::string_view utf8);

// json.dumps() of a str with the default ensure_ascii: the quoted literal with \uXXXX escapes
// (lower-case hex, surrogate pairs beyond the BMP) for everything outside printable ASCII.
std::string pythonJsonQuote(std::string_view utf8);

// repr() of a float: shortest round-trip digits; positional when the decimal exponent is in
// -4..15 (always with a '.': 1.0, 0.0001), otherwise scientific with a signed two-digit-minimum
// exponent (1e+16, 1.5e-05).
std::string pythonFloatRepr(double value);

// str() of a Python set holding these members: {'a', 'b'} (members via repr, in the given
// order), or set() when empty.
std::string pythonSetRepr(const std::vector<const rapidjson::Value*>& members);

// Equality used by the diff engines and the uniqueness check: numbers compare by mathematical
// value across integer and float representations (10 == 10.0), objects compare as dicts (key
// order ignored), booleans never equal numbers (true != 1, as JSON Schema's uniqueness rule).
// Iterative, so arbitrarily deep values are safe.
bool jsonEquals(const rapidjson::Value& a, const rapidjson::Value& b);

// Exact three-way comparison of two JSON numbers (-1, 0, 1), with no rounding between int64,
// uint64 and double. Both arguments must satisfy IsNumber().
int compareJsonNumbers(const rapidjson::Value& a, const rapidjson::Value& b);

// Python truthiness of the parsed value: false, null, 0, 0.0, "", [] and {} are falsy.
bool isPythonTruthy(const rapidjson::Value& value);

// One entry of an object read as a Python dict.
struct DictItem {
    std::string_view key;
    const rapidjson::Value* value;
};

// The entries of an object with dict semantics (see above), in dict order. Non-object: empty.
std::vector<DictItem> dictItems(const rapidjson::Value& object);

// dict.get(key): the value of the last member named `key`, or nullptr (also for non-objects).
const rapidjson::Value* dictGet(const rapidjson::Value& object, std::string_view key);

// The distinct elements of an array (Python set of its members, jsonEquals deciding), in
// first-appearance order. A non-array yields an empty list. Hash-based: linear on average.
std::vector<const rapidjson::Value*> distinctElements(const rapidjson::Value& array);

// The members of `from` that have no equal member in `other` (set difference), in `from`'s
// order. Hash-based: linear on average.
std::vector<const rapidjson::Value*> setDifference(
    const std::vector<const rapidjson::Value*>& from,
    const std::vector<const rapidjson::Value*>& other);

// Decodes the UTF-8 code point starting at `pos` and advances `pos` past it. Lenient like the
// JSON parser upstream: encoded surrogates are returned as such; an invalid byte yields U+FFFD
// and advances by one. Precondition: pos < text.size().
char32_t nextCodePoint(std::string_view text, std::size_t& pos);

// The string's text as a string_view (RapidJSON strings may contain NUL bytes).
inline std::string_view stringView(const rapidjson::Value& value) {
    return {value.GetString(), value.GetStringLength()};
}

}  // namespace tessera::core
