#include "core/git_sync_files.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>

#include "core/hex.hpp"
#include "core/json.hpp"
#include "core/yaml_scalars.hpp"

namespace tessera::core {
namespace {

// ---- File names ----

constexpr size_t kMaxFileStem = 240;  // leaves room for ".yaml" under NAME_MAX (255)

std::string replaceAll(std::string_view text, char from, std::string_view to) {
    std::string result;
    for (const char c : text) {
        if (c == from) {
            result += to;
        } else {
            result += c;
        }
    }
    return result;
}

// FNV-1a: a stable file-name disambiguator, not a security measure.
std::string stableHash(std::string_view text) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    std::string hex(16, '0');
    for (int i = 0; i < 8; ++i) {
        writeHexByte(&hex[2 * i], static_cast<unsigned char>(hash >> (56 - 8 * i)));
    }
    return hex;
}

std::string fileIn(const char* folder, std::string stem) {
    if (stem.size() > kMaxFileStem) {
        const std::string hash = stableHash(stem);
        stem.resize(200);
        stem += "~" + hash;
    }
    return std::string(folder) + "/" + stem + ".yaml";
}

// ---- Writing ----

void emitString(YAML::Emitter& out, std::string_view text) {
    switch (yamlQuotingFor(text)) {
        case YamlQuoting::Plain:
            out << YAML::Auto;
            break;
        case YamlQuoting::SingleQuoted:
            out << YAML::SingleQuoted;
            break;
        case YamlQuoting::DoubleQuoted:
            out << YAML::DoubleQuoted;
            break;
    }
    out << std::string(text);
}

// A double as a YAML 1.1 float reads it: a '.' in the mantissa and a signed exponent
// ("1e20" would read back as a string there).
std::string yamlFloatText(double value) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writer.Double(value);
    const std::string_view text = buffer.GetString();
    const size_t split = std::min(text.find_first_of("eE"), text.size());
    std::string mantissa(text.substr(0, split));
    if (mantissa.find('.') == std::string::npos) mantissa += ".0";
    if (split == text.size()) return mantissa;
    const std::string_view exponent = text.substr(split + 1);
    const bool signed_ = exponent.front() == '-' || exponent.front() == '+';
    return mantissa + "e" + (signed_ ? "" : "+") + std::string(exponent);
}

void emitJson(YAML::Emitter& out, const rapidjson::Value& value) {
    switch (value.GetType()) {
        case rapidjson::kNullType:
            out << YAML::Null;
            break;
        case rapidjson::kFalseType:
        case rapidjson::kTrueType:
            out << value.GetBool();
            break;
        case rapidjson::kStringType:
            emitString(out, std::string_view(value.GetString(), value.GetStringLength()));
            break;
        case rapidjson::kNumberType:
            if (value.IsInt64()) {
                out << value.GetInt64();
            } else if (value.IsUint64()) {
                out << value.GetUint64();
            } else {
                out << YAML::Auto << yamlFloatText(value.GetDouble());
            }
            break;
        case rapidjson::kArrayType:
            if (value.Empty()) {
                out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
                break;
            }
            out << YAML::BeginSeq;
            for (const auto& item : value.GetArray()) emitJson(out, item);
            out << YAML::EndSeq;
            break;
        case rapidjson::kObjectType:
            if (value.ObjectEmpty()) {
                out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
                break;
            }
            out << YAML::BeginMap;
            for (const auto& member : value.GetObject()) {
                out << YAML::Key;
                emitString(
                    out, std::string_view(member.name.GetString(), member.name.GetStringLength()));
                out << YAML::Value;
                emitJson(out, member.value);
            }
            out << YAML::EndMap;
            break;
    }
}

void emitKey(YAML::Emitter& out, const char* key) {
    out << YAML::Key << key << YAML::Value;
}

void emitText(YAML::Emitter& out, const char* key, const std::string& text) {
    emitKey(out, key);
    emitString(out, text);
}

void emitNullableText(YAML::Emitter& out, const char* key, const std::optional<std::string>& text) {
    emitKey(out, key);
    if (text) {
        emitString(out, *text);
    } else {
        out << YAML::Null;
    }
}

// A member holding stored JSON text (null when absent).
void emitJsonText(YAML::Emitter& out, const char* key, const std::optional<std::string>& json) {
    emitKey(out, key);
    if (json) {
        emitJson(out, parseStoredJson(*json));
    } else {
        out << YAML::Null;
    }
}

// A key whose value is a block sequence, `[]` when empty.
void beginSequence(YAML::Emitter& out, const char* key, bool empty) {
    emitKey(out, key);
    if (empty) out << YAML::Flow;
    out << YAML::BeginSeq;
}

// yaml-cpp indents a block sequence under a map key by the map's indent, and has no setting
// for the layout of §4.1 (`contracts:\n- id: …`, jbeder/yaml-cpp#631). Every scalar it writes
// here is on one line (strings with line breaks are double-quoted with escapes, and yaml-cpp
// does not wrap), so each line is one key or one item: a sequence that opens under a `key:`
// line is moved left by the two columns yaml-cpp added, with everything nested in it.
std::string unindentSequencesUnderKeys(const std::string& text) {
    std::vector<std::string_view> lines;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.emplace_back(text.data() + start, end - start);
        start = end + 1;
    }
    const auto indentOf = [](std::string_view line) { return line.find_first_not_of(' '); };
    std::string result;
    result.reserve(text.size());
    std::vector<size_t> keyColumns;  // keys whose sequence is being moved, innermost last
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.empty()) continue;
        const size_t indent = indentOf(line);
        while (!keyColumns.empty() && indent <= keyColumns.back()) keyColumns.pop_back();
        result.append(line.substr(2 * keyColumns.size()));
        result += '\n';
        if (line.back() != ':' || i + 1 == lines.size()) continue;
        // The key starts after the indent and any "- " of the items this line opens.
        size_t keyColumn = indent;
        while (line.compare(keyColumn, 2, "- ") == 0) keyColumn += 2;
        const std::string_view next = lines[i + 1];
        if (indentOf(next) == keyColumn + 2 && next[keyColumn + 2] == '-') {
            keyColumns.push_back(keyColumn);
        }
    }
    return result;
}

std::string finish(YAML::Emitter& out) {
    if (!out.good()) throw std::logic_error("YAML emitter: " + out.GetLastError());
    return unindentSequencesUnderKeys(out.c_str());
}

void configure(YAML::Emitter& out) {
    out.SetIndent(2);
    out.SetNullFormat(YAML::LowerNull);
    out.SetBoolFormat(YAML::TrueFalseBool);
    out.SetOutputCharset(YAML::EmitNonAscii);
}

}  // namespace

std::string teamFilePath(const std::string& name) {
    return fileIn("teams", replaceAll(name, '/', "__"));
}

std::string assetFilePath(const std::string& fqn) {
    return fileIn("assets", replaceAll(replaceAll(fqn, '/', "__"), '.', "_"));
}

std::string teamFileText(const SyncTeam& team) {
    YAML::Emitter out;
    configure(out);
    out << YAML::BeginMap;
    emitText(out, "id", team.id);
    emitText(out, "name", team.name);
    emitJsonText(out, "metadata", team.metadataJson);
    out << YAML::EndMap;
    return finish(out);
}

std::string assetFileText(const SyncAsset& asset) {
    YAML::Emitter out;
    configure(out);
    out << YAML::BeginMap;
    emitText(out, "id", asset.id);
    emitText(out, "fqn", asset.fqn);
    emitText(out, "owner_team_id", asset.ownerTeamId);
    emitJsonText(out, "metadata", asset.metadataJson);
    beginSequence(out, "contracts", asset.contracts.empty());
    for (const SyncContract& contract : asset.contracts) {
        out << YAML::BeginMap;
        emitText(out, "id", contract.id);
        emitText(out, "version", contract.version);
        emitJsonText(out, "schema", contract.schemaJson);
        emitText(out, "compatibility_mode", contract.compatibilityMode);
        emitJsonText(out, "guarantees", contract.guaranteesJson);
        emitText(out, "status", contract.status);
        beginSequence(out, "registrations", contract.registrations.empty());
        for (const SyncRegistration& registration : contract.registrations) {
            out << YAML::BeginMap;
            emitText(out, "id", registration.id);
            emitText(out, "consumer_team_id", registration.consumerTeamId);
            emitNullableText(out, "pinned_version", registration.pinnedVersion);
            emitText(out, "status", registration.status);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return finish(out);
}

}  // namespace tessera::core
