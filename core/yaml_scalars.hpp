// How YAML plain scalars read and when a string must be quoted (spec 04 §4.1): the git sync
// files are read by YAML 1.1 loaders (the original's PyYAML), which turn `yes`, `1.0`, `~`,
// `2024-01-01` or `0x1F` into booleans, numbers, nulls and dates. A string that would read as
// anything but itself is written quoted.
#pragma once

#include <string_view>

namespace tessera::core {

// What a YAML 1.1 loader makes of an unquoted (plain) scalar, by PyYAML's implicit resolvers.
enum class PlainScalarKind { Null, Bool, Int, Float, Timestamp, Merge, Value, String };
PlainScalarKind resolvePlainScalar(std::string_view text);

// How a string is written so that every YAML loader (1.1 or 1.2) reads it back unchanged.
enum class YamlQuoting {
    Plain,         // as is
    SingleQuoted,  // 'text' (PyYAML's choice, e.g. '#dp', 'yes', '1.0', '')
    DoubleQuoted,  // "text" with escapes: line breaks, tabs, control characters
};
YamlQuoting yamlQuotingFor(std::string_view text);

}  // namespace tessera::core
