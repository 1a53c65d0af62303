// UUID parsing in every form clients may send (spec 01 §1.3) and canonical rendering.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tessera::core {

// Accepts canonical hyphenated (any case), 32 hex digits, `{…}`-braced and `urn:uuid:`-prefixed
// forms. Returns the lowercase canonical 8-4-4-4-12 form, or nullopt with `reason` set to the
// text used after "Input should be a valid UUID, ".
std::optional<std::string> parseUuid(std::string_view text, std::string* reason = nullptr);

// A random version-4 UUID in canonical form (request ids; not a secret).
std::string randomUuid();

}  // namespace tessera::core
