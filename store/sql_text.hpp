// Helpers for values that end up inside SQL parameters.
#pragma once

#include <string>
#include <string_view>

namespace tessera::store {

// `%value%` for ILIKE with `%`, `_` and `\` escaped so they match literally (00-decisions).
std::string containsPattern(std::string_view value);

}  // namespace tessera::store
