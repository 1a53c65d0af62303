// Request bodies: random JSON over the API's field names, textual mutations of valid bodies
// (truncation, flipped bytes, swapped tokens, raw malformed UTF-8), nesting far past the depth
// limit and bodies of many megabytes.
#pragma once

#include <string>
#include <vector>

#include "tests/fuzz/payload.hpp"
#include "tests/fuzz/rng.hpp"

namespace tessera::fuzz {

// `text` as a JSON string literal. Control characters are escaped; other bytes, including
// malformed UTF-8, are passed through raw, so the server's parser sees them.
std::string jsonString(const std::string& text);

// A random JSON value of at most `depth` levels; objects use `fieldNames` (and strangers),
// leaves are good values from `goodValues` or hostile ones.
std::string randomJson(Rng& rng, const std::vector<std::string>& fieldNames,
                       const std::vector<std::string>& goodValues, int depth);

// One to a few textual mutations of `json` (usually valid JSON, the result usually not).
std::string mutateJson(Rng& rng, std::string json);

// A value nested `depth` levels deep, closed or left open.
Payload deepNesting(Rng& rng, size_t depth);

// A body of about `bytes` bytes: one huge string, a long array, or many members.
Payload hugeJson(Rng& rng, size_t bytes);

}  // namespace tessera::fuzz
