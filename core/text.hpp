// Text rules shared by every resource: Unicode-aware lengths and trimming.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tessera::core {

// Length in Unicode code points (spec limits count code points, not bytes).
size_t codePointLength(std::string_view utf8);

// Strips leading and trailing whitespace as Python's str.strip() does for the common cases:
// ASCII whitespace, NBSP and the Unicode space separators.
std::string trimWhitespace(std::string_view utf8);

// Well-formed UTF-8 without NUL characters: what a Postgres text column accepts.
bool isStorableText(std::string_view bytes);

// The first `maxCodePoints` code points of text from outside (e.g. a webhook receiver's answer)
// as valid UTF-8 that Postgres accepts: malformed sequences and NUL bytes become U+FFFD.
std::string sanitizedUtf8Prefix(std::string_view bytes, size_t maxCodePoints);

// ASCII letters lower-cased, every other byte kept: header names, team names compared
// case-insensitively, SQL-ish keywords (not Unicode case folding).
std::string asciiLower(std::string_view text);

// Formats an integer with `,` thousands separators (`1,234,567`).
std::string withThousandsSeparators(long long value);

}  // namespace tessera::core
