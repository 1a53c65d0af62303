#include "core/user_rules.hpp"

namespace tessera::core {
namespace {

bool isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::optional<std::string> userNameRuleViolation(std::string_view trimmedName) {
    if (trimmedName.empty()) return "Name cannot be empty or whitespace only";
    bool valid = isAsciiLetter(trimmedName.front()) && isAsciiLetter(trimmedName.back());
    for (size_t i = 1; valid && i + 1 < trimmedName.size(); ++i) {
        const char c = trimmedName[i];
        valid = isAsciiLetter(c) || c == '\'' || c == '-' || c == ' ';
    }
    if (!valid) {
        return "Name must start and end with letters and contain only letters, spaces, hyphens, "
               "and apostrophes";
    }
    return std::nullopt;
}

}  // namespace tessera::core
