// Values that should never get past validation, or that must reach SQL as harmless text: broken
// UUIDs, injection strings, malformed UTF-8, out-of-range numbers, unknown enum members.
#pragma once

#include <string>

#include "tests/fuzz/rng.hpp"

namespace tessera::fuzz {

// A random well-formed UUID (lower case), which names nothing in the database.
std::string randomUuid(Rng& rng);
// Almost a UUID: wrong length, wrong characters, braces, upper case, NUL, a nil UUID, …
std::string badUuid(Rng& rng);
// SQL, shell, path and template injection attempts.
std::string injectionString(Rng& rng);
// Bytes that are not UTF-8: lone continuation bytes, overlong forms, surrogates, 0xFF, NUL.
std::string invalidUtf8(Rng& rng);
// Well-formed but awkward Unicode: combining marks, RTL override, emoji, BOM, U+FFFF.
std::string awkwardUnicode(Rng& rng);
// Numbers as text that break naive parsers: huge, negative, fractions, exponents, hex.
std::string strangeNumber(Rng& rng);
// Timestamps and dates that are almost valid.
std::string strangeTimestamp(Rng& rng);
// Enum-like words: right words in the wrong case, neighbours, empty, very long.
std::string strangeEnum(Rng& rng);
// Any of the above, or a long run of one character.
std::string hostileText(Rng& rng);
// `text` percent-encoded, every byte or only the unsafe ones.
std::string percentEncode(const std::string& text, bool everyByte);

}  // namespace tessera::fuzz
