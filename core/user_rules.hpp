// Validation rules for user fields (spec 01 §11, §15).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

// For a create: the trimmed name must be non-empty and match
// ^[a-zA-Z][a-zA-Z'\- ]*[a-zA-Z]$|^[a-zA-Z]$. Returns the rule text or nullopt.
std::optional<std::string> userNameRuleViolation(std::string_view trimmedName);

}  // namespace tessera::core
