// Validation rules for team fields (spec 01 §10.1, §15).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

// For a create: the name (already length-checked raw) is trimmed, must be non-empty and match
// the team-name pattern. Returns the rule text for a `value_error`, or nullopt when valid.
std::optional<std::string> teamNameRuleViolation(std::string_view trimmedName);

}  // namespace tessera::core
