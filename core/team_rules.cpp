#include "core/team_rules.hpp"

namespace tessera::core {
namespace {

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::optional<std::string> teamNameRuleViolation(std::string_view trimmedName) {
    if (trimmedName.empty()) return "Team name cannot be empty or whitespace only";
    // ^[a-zA-Z0-9][a-zA-Z0-9_\- ]*[a-zA-Z0-9]$|^[a-zA-Z0-9]$
    bool valid = isAsciiAlnum(trimmedName.front()) && isAsciiAlnum(trimmedName.back());
    for (size_t i = 1; valid && i + 1 < trimmedName.size(); ++i) {
        const char c = trimmedName[i];
        valid = isAsciiAlnum(c) || c == '_' || c == '-' || c == ' ';
    }
    if (!valid) {
        return "Team name must start and end with alphanumeric characters and contain only "
               "letters, numbers, underscores, hyphens, and spaces";
    }
    return std::nullopt;
}

}  // namespace tessera::core
