#include "core/yaml_scalars.hpp"

#include <regex>
#include <string>

namespace tessera::core {
namespace {

// PyYAML's implicit resolvers (yaml/resolver.py), the YAML 1.1 tag repository's patterns.
const std::regex kBool11(
    "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
const std::regex kFloat11(R"([-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?)"
                          R"(|\.[0-9_]+(?:[eE][-+][0-9]+)?)"
                          R"(|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)"
                          R"(|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))");
const std::regex kInt11(
    R"([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)"
    R"(|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)");
const std::regex kTimestamp11(
    R"([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])"
    R"(|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9])"
    R"(:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)");
// What YAML 1.2 loaders (and the 1.1 spec's own bool list) read as non-strings beyond PyYAML:
// `1e5`, `0o17`, `y`, `n`.
const std::regex kOther12(R"([-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
                          R"(|0o[0-7]+|y|Y|n|N)");

bool matches(std::string_view text, const std::regex& pattern) {
    return std::regex_match(text.begin(), text.end(), pattern);
}

// Characters a single-quoted scalar cannot hold faithfully: line breaks (folded by loaders),
// tabs and other control characters (not printable in YAML), NEL, the line and paragraph
// separators, and the byte-order mark.
bool needsEscapes(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7F) return true;
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        const auto third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0;
        if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) return true;  // C1 controls, NEL
        if (byte == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9)) return true;
        if (byte == 0xEF && next == 0xBB && third == 0xBF) return true;
    }
    return false;
}

// Text that is not a plain scalar in block context, or reads differently there (PyYAML's
// analyze_scalar): indicators first, `: ` and ` #` inside, surrounding spaces, document markers.
bool breaksPlainSyntax(std::string_view text) {
    const char first = text.front();
    if (std::string_view("#,[]{}&*!|>'\"%@`").find(first) != std::string_view::npos) return true;
    if ((first == '-' || first == '?' || first == ':') && (text.size() == 1 || text[1] == ' ')) {
        return true;
    }
    if (text.substr(0, 3) == "---" || text.substr(0, 3) == "...") return true;
    if (text.front() == ' ' || text.back() == ' ' || text.back() == ':') return true;
    return text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos;
}

}  // namespace

PlainScalarKind resolvePlainScalar(std::string_view text) {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
        return PlainScalarKind::Null;
    }
    if (text == "<<") return PlainScalarKind::Merge;
    if (text == "=") return PlainScalarKind::Value;
    // Every other non-string starts with a digit, a sign, a dot or one of the bool letters.
    const char first = text.front();
    if (std::string_view("0123456789+-.yYnNtTfFoO").find(first) == std::string_view::npos) {
        return PlainScalarKind::String;
    }
    if (matches(text, kBool11)) return PlainScalarKind::Bool;
    if (matches(text, kInt11)) return PlainScalarKind::Int;
    if (matches(text, kFloat11)) return PlainScalarKind::Float;
    if (matches(text, kTimestamp11)) return PlainScalarKind::Timestamp;
    return PlainScalarKind::String;
}

YamlQuoting yamlQuotingFor(std::string_view text) {
    if (needsEscapes(text)) return YamlQuoting::DoubleQuoted;
    if (text.empty() || resolvePlainScalar(text) != PlainScalarKind::String ||
        matches(text, kOther12) || breaksPlainSyntax(text)) {
        return YamlQuoting::SingleQuoted;
    }
    return YamlQuoting::Plain;
}

}  // namespace tessera::core
