// The length of a JSON value as Python's json.dumps writes it with ensure_ascii (the default):
// the original service measured its size limits that way, so the limits here count the same
// characters. Keys stay in input order; objects are read as Python dicts (a repeated key keeps
// its first position and its last value); every non-ASCII character (and DEL and the control
// characters without a short escape) counts as a 6-character \uXXXX escape, 12 for a surrogate
// pair beyond the BMP; floats count in Python's repr form (1e-05, 10.0).
#pragma once

#include <rapidjson/document.h>

#include <cstddef>

namespace tessera::core {

enum class JsonDumpsSeparators {
    Compact,  // json.dumps(v, separators=(",", ":"))
    Default,  // json.dumps(v): ", " between items, ": " after keys
};

// Iterative: any nesting depth is safe.
std::size_t pythonJsonDumpsLength(const rapidjson::Value& value,
                                  JsonDumpsSeparators separators = JsonDumpsSeparators::Default);

}  // namespace tessera::core
