// Helpers for values that end up inside SQL parameters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tessera::store {

// `%value%` for ILIKE with `%`, `_` and `\` escaped so they match literally (00-decisions).
std::string containsPattern(std::string_view value);

// Text form of a Postgres uuid[] parameter for canonical UUIDs, e.g. {a,b} (shared by every
// repository that passes id lists as one parameter).
std::string uuidArrayLiteral(const std::vector<std::string>& ids);

// Text form of a Postgres text[] parameter: every element double-quoted, `"` and `\` escaped.
std::string textArrayLiteral(const std::vector<std::string>& values);

}  // namespace tessera::store
