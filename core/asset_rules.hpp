// Validation rules for asset fields (spec 02 §4.1, 01 §15).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

// The rule text of the 422 `value_error` for an FQN that breaks the pattern.
inline constexpr std::string_view kFqnPatternMessage =
    "FQN must be dot-separated segments (e.g., 'database.schema.table'). Each segment must start "
    "with a letter or underscore and contain only alphanumeric characters and underscores.";

// ^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)+$ — at least two dot-separated segments,
// each starting with an ASCII letter or underscore. Checked on create only (PATCH takes any
// 1..1000-character fqn, spec 02 §11 A2).
bool isValidFqn(std::string_view fqn);

}  // namespace tessera::core
