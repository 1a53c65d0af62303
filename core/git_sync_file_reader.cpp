// Reading the git sync files (core/git_sync_files.hpp): yaml-cpp parses, the scalars are
// resolved as a YAML 1.1 loader resolves them (core/yaml_scalars.hpp), and every field is held
// to the rule the API applies to it, so a pull never stores what the API would refuse.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <set>

#include "core/git_sync_files.hpp"
#include "core/hex.hpp"
#include "core/json.hpp"
#include "core/semver.hpp"
#include "core/text.hpp"
#include "core/uuid.hpp"
#include "core/yaml_scalars.hpp"

namespace tessera::core {
namespace {

using Allocator = rapidjson::Document::AllocatorType;

// Aliases let a small file describe a huge tree; no record needs more nodes than this.
constexpr size_t kMaxNodesPerFile = 1'000'000;

std::string memberPath(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}
std::string itemPath(const std::string& parent, size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

int lineOf(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

[[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& what) {
    throw SyncFileError(path, what, lineOf(node));
}

const char* kindName(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Sequence:
            return "a sequence";
        case YAML::NodeType::Null:
            return "null";
        default:
            return "a scalar";
    }
}

// A scalar the file wrote as a string: quoted, tagged !!str, or plain text no YAML 1.1
// loader reads as anything else.
bool isPlainTag(const YAML::Node& node) {
    return node.Tag() == "?" || node.Tag().empty();
}
bool isStringTag(const YAML::Node& node) {
    return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
}

const char* scalarKindName(PlainScalarKind kind) {
    switch (kind) {
        case PlainScalarKind::Null:
            return "null";
        case PlainScalarKind::Bool:
            return "a boolean";
        case PlainScalarKind::Int:
            return "an integer";
        case PlainScalarKind::Float:
            return "a float";
        case PlainScalarKind::Timestamp:
            return "a timestamp";
        default:
            return "a string";
    }
}

void checkStorable(const YAML::Node& node, const std::string& path, const std::string& text) {
    if (!isStorableText(text)) fail(node, path, "text must be valid UTF-8 without NUL characters");
}

// ---- Scalars into JSON ----

std::string withoutUnderscores(std::string_view text) {
    std::string digits;
    for (const char c : text) {
        if (c != '_') digits += c;
    }
    return digits;
}

// An integer of YAML 1.1 (binary, octal, decimal, hex, base 60), as int64 or uint64.
void setInteger(rapidjson::Value& out, const YAML::Node& node, const std::string& path,
                std::string_view text) {
    std::string digits = withoutUnderscores(text);
    bool negative = false;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
        negative = digits[0] == '-';
        digits.erase(0, 1);
    }
    unsigned __int128 magnitude = 0;
    const auto overflow = [&] {
        fail(node, path, "integer " + std::string(text) + " is out of range");
    };
    const auto accumulate = [&](std::string_view part, unsigned base) {
        for (const char c : part) {
            const int digit = hexDigitValue(c);
            magnitude = magnitude * base + static_cast<unsigned>(digit);
            if (magnitude > UINT64_MAX) overflow();
        }
    };
    if (digits.find(':') != std::string::npos) {
        unsigned __int128 total = 0;
        for (size_t start = 0; start <= digits.size();) {
            size_t end = digits.find(':', start);
            if (end == std::string::npos) end = digits.size();
            magnitude = 0;
            accumulate(std::string_view(digits).substr(start, end - start), 10);
            total = total * 60 + magnitude;
            if (total > UINT64_MAX) overflow();
            start = end + 1;
        }
        magnitude = total;
    } else if (digits.rfind("0b", 0) == 0) {
        accumulate(std::string_view(digits).substr(2), 2);
    } else if (digits.rfind("0x", 0) == 0) {
        accumulate(std::string_view(digits).substr(2), 16);
    } else if (digits.size() > 1 && digits[0] == '0') {
        accumulate(std::string_view(digits).substr(1), 8);
    } else {
        accumulate(digits, 10);
    }
    if (!negative) {
        out.SetUint64(static_cast<uint64_t>(magnitude));
        if (magnitude <= INT64_MAX) out.SetInt64(static_cast<int64_t>(magnitude));
        return;
    }
    if (magnitude > static_cast<unsigned __int128>(INT64_MAX) + 1) overflow();
    out.SetInt64(static_cast<int64_t>(-static_cast<__int128>(magnitude)));
}

void setFloat(rapidjson::Value& out, const YAML::Node& node, const std::string& path,
              std::string_view text) {
    const std::string digits = withoutUnderscores(text);
    // .inf and .nan (any case) are the only floats with letters but the exponent.
    if (digits.find_first_of("iInN") != std::string::npos) {
        fail(node, path, std::string(text) + " has no JSON representation");
    }
    double value = 0;
    if (digits.find(':') != std::string::npos) {
        const bool negative = digits[0] == '-';
        double total = 0;
        for (size_t start = (digits[0] == '-' || digits[0] == '+') ? 1 : 0;
             start <= digits.size();) {
            size_t end = digits.find(':', start);
            if (end == std::string::npos) end = digits.size();
            total = total * 60 + std::strtod(digits.substr(start, end - start).c_str(), nullptr);
            start = end + 1;
        }
        value = negative ? -total : total;
    } else {
        value = std::strtod(digits.c_str(), nullptr);
    }
    if (!std::isfinite(value)) fail(node, path, std::string(text) + " has no JSON representation");
    out.SetDouble(value);
}

struct Converter {
    const SyncFileLimits& limits;
    size_t nodes = 0;

    void toJson(const YAML::Node& node, const std::string& path, int depth, rapidjson::Value& out,
                Allocator& allocator) {
        if (++nodes > kMaxNodesPerFile) fail(node, path, "the file holds too many nodes");
        switch (node.Type()) {
            case YAML::NodeType::Null:
                out.SetNull();
                return;
            case YAML::NodeType::Scalar:
                scalarToJson(node, path, out, allocator);
                return;
            case YAML::NodeType::Sequence: {
                if (depth >= limits.maxDepth) fail(node, path, "nesting is too deep");
                out.SetArray();
                for (size_t i = 0; i < node.size(); ++i) {
                    rapidjson::Value item;
                    toJson(node[i], itemPath(path, i), depth + 1, item, allocator);
                    out.PushBack(item, allocator);
                }
                return;
            }
            case YAML::NodeType::Map: {
                if (depth >= limits.maxDepth) fail(node, path, "nesting is too deep");
                out.SetObject();
                std::set<std::string> seen;
                for (const auto& member : node) {
                    const std::string key = keyText(member.first, path);
                    const std::string keyPath = memberPath(path, key);
                    if (!seen.insert(key).second) fail(member.first, keyPath, "duplicate key");
                    rapidjson::Value value;
                    toJson(member.second, keyPath, depth + 1, value, allocator);
                    out.AddMember(
                        rapidjson::Value(key.data(), static_cast<rapidjson::SizeType>(key.size()),
                                         allocator),
                        value, allocator);
                }
                return;
            }
            default:
                fail(node, path, "undefined value");
        }
    }

    // A mapping key becomes a JSON member name: its text, whatever it resolves to.
    std::string keyText(const YAML::Node& key, const std::string& path) {
        if (key.Type() == YAML::NodeType::Null) return "null";
        if (key.Type() != YAML::NodeType::Scalar) fail(key, path, "keys must be scalars");
        checkStorable(key, path, key.Scalar());
        return key.Scalar();
    }

    void scalarToJson(const YAML::Node& node, const std::string& path, rapidjson::Value& out,
                      Allocator& allocator) {
        const std::string& text = node.Scalar();
        checkStorable(node, path, text);
        const PlainScalarKind kind =
            isStringTag(node) ? PlainScalarKind::String : resolvePlainScalar(text);
        switch (kind) {
            case PlainScalarKind::Null:
                out.SetNull();
                return;
            case PlainScalarKind::Bool:
                out.SetBool(text[0] == 'y' || text[0] == 'Y' || text[0] == 't' || text[0] == 'T' ||
                            text == "on" || text == "On" || text == "ON");
                return;
            case PlainScalarKind::Int:
                setInteger(out, node, path, text);
                return;
            case PlainScalarKind::Float:
                setFloat(out, node, path, text);
                return;
            default:  // strings; JSON has no date type, so a timestamp keeps its text
                out.SetString(text.data(), static_cast<rapidjson::SizeType>(text.size()),
                              allocator);
                return;
        }
    }
};

// ---- Record fields ----

YAML::Node parseDocument(std::string_view text) {
    try {
        return YAML::Load(std::string(text));
    } catch (const YAML::Exception& error) {
        const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
        throw SyncFileError(
            "", "YAML syntax error at line " + std::to_string(line) + ": " + error.msg, line, true);
    }
}

// One file's document and the readers of its fields.
class RecordReader {
  public:
    RecordReader(std::string_view text, const SyncFileLimits& limits)
        : document_(parseDocument(text)), limits_(limits) {}

    // The top-level mapping.
    const YAML::Node& root() { return mapping(document_, ""); }

    // The mapping at `path`, its keys checked for duplicates.
    const YAML::Node& mapping(const YAML::Node& node, const std::string& path) {
        if (!node.IsMap())
            fail(node, path, std::string("expected a mapping, got ") + kindName(node));
        std::set<std::string> seen;
        for (const auto& member : node) {
            if (member.first.IsScalar() && !seen.insert(member.first.Scalar()).second) {
                fail(member.first, memberPath(path, member.first.Scalar()), "duplicate key");
            }
        }
        return node;
    }

    // A key that must be present (its value may still be null where the field allows it).
    YAML::Node required(const YAML::Node& map, const char* key, const std::string& path) {
        const YAML::Node value = map[key];
        if (!value.IsDefined()) fail(map, memberPath(path, key), "missing key");
        return value;
    }

    std::string text(const YAML::Node& map, const char* key, const std::string& path) {
        const std::string at = memberPath(path, key);
        const YAML::Node value = required(map, key, path);
        if (!value.IsScalar())
            fail(value, at, std::string("expected a string, got ") + kindName(value));
        if (!isStringTag(value) && isPlainTag(value)) {
            const PlainScalarKind kind = resolvePlainScalar(value.Scalar());
            if (kind != PlainScalarKind::String && kind != PlainScalarKind::Merge &&
                kind != PlainScalarKind::Value) {
                fail(value, at,
                     std::string("expected a string, got ") + scalarKindName(kind) +
                         " (quote it: '" + value.Scalar() + "')");
            }
        }
        checkStorable(value, at, value.Scalar());
        return value.Scalar();
    }

    std::optional<std::string> nullableText(const YAML::Node& map, const char* key,
                                            const std::string& path) {
        if (required(map, key, path).IsNull()) return std::nullopt;
        return text(map, key, path);
    }

    std::string uuid(const YAML::Node& map, const char* key, const std::string& path) {
        const std::string value = text(map, key, path);
        std::string reason;
        const auto parsed = parseUuid(value, &reason);
        if (!parsed) fail(map[key], memberPath(path, key), "not a valid UUID: " + value);
        return *parsed;
    }

    std::string oneOf(const YAML::Node& map, const char* key, const std::string& path,
                      std::initializer_list<std::string_view> allowed) {
        const std::string value = text(map, key, path);
        std::string list;
        for (const std::string_view option : allowed) {
            if (value == option) return value;
            list += (list.empty() ? "" : ", ") + std::string(option);
        }
        fail(map[key], memberPath(path, key), "'" + value + "' is not one of " + list);
    }

    // A JSON value of the given kind; a missing key reads as `fallback` when one is given.
    std::optional<std::string> json(const YAML::Node& map, const char* key, const std::string& path,
                                    bool objectOnly, bool nullable,
                                    std::optional<std::string> fallback = std::nullopt) {
        const std::string at = memberPath(path, key);
        const YAML::Node value = map[key];
        if (!value.IsDefined()) {
            if (fallback) return fallback;
            fail(map, at, "missing key");
        }
        rapidjson::Document document;
        Converter converter{limits_};
        converter.toJson(value, at, 0, document, document.GetAllocator());
        if (document.IsNull() && nullable) return std::nullopt;
        if (objectOnly && !document.IsObject()) {
            fail(value, at, std::string("expected a mapping, got ") + kindName(value));
        }
        if (key == std::string_view("schema")) {
            if (auto broken = checkSchemaLimits(document, limits_.schema)) fail(value, at, *broken);
            const auto errors = validateJsonSchema(document);
            if (!errors.empty()) fail(value, at, invalidSchemaMessage(errors));
        }
        return toJson(document);
    }

    // A block or flow sequence of mappings, each read by `read`.
    template <typename Read>
    auto list(const YAML::Node& map, const char* key, const std::string& path, Read read) {
        const std::string at = memberPath(path, key);
        const YAML::Node value = required(map, key, path);
        std::vector<decltype(read(value, at))> items;
        if (value.IsNull()) return items;  // `key:` with nothing under it
        if (!value.IsSequence())
            fail(value, at, std::string("expected a sequence, got ") + kindName(value));
        for (size_t i = 0; i < value.size(); ++i) {
            const std::string itemAt = itemPath(at, i);
            items.push_back(read(mapping(value[i], itemAt), itemAt));
        }
        return items;
    }

  private:
    const YAML::Node document_;
    const SyncFileLimits& limits_;
};

SyncRegistration readRegistration(RecordReader& reader, const YAML::Node& map,
                                  const std::string& path) {
    SyncRegistration registration;
    registration.id = reader.uuid(map, "id", path);
    registration.consumerTeamId = reader.uuid(map, "consumer_team_id", path);
    registration.pinnedVersion = reader.nullableText(map, "pinned_version", path);
    if (registration.pinnedVersion && (registration.pinnedVersion->size() > kMaxVersionLength ||
                                       !isValidPinnedVersion(*registration.pinnedVersion))) {
        fail(map["pinned_version"], memberPath(path, "pinned_version"),
             "'" + *registration.pinnedVersion +
                 "' is not of the form X.Y.Z (at most 50 characters)");
    }
    registration.status = reader.oneOf(map, "status", path, {"active", "migrating", "inactive"});
    return registration;
}

SyncContract readContract(RecordReader& reader, const YAML::Node& map, const std::string& path) {
    SyncContract contract;
    contract.id = reader.uuid(map, "id", path);
    contract.version = reader.text(map, "version", path);
    if (checkContractVersion(contract.version) != VersionFormatError::None) {
        fail(map["version"], memberPath(path, "version"),
             "'" + contract.version + "' is not a semantic version (X.Y.Z, 5 to 50 characters)");
    }
    contract.schemaJson = *reader.json(map, "schema", path, true, false);
    contract.compatibilityMode =
        reader.oneOf(map, "compatibility_mode", path,
                     {"backward", "forward", "full", "none", "backward_transitive",
                      "forward_transitive", "full_transitive"});
    contract.guaranteesJson = reader.json(map, "guarantees", path, true, true, "null");
    if (contract.guaranteesJson == "null") contract.guaranteesJson.reset();
    contract.status = reader.oneOf(map, "status", path, {"active", "deprecated", "retired"});
    contract.registrations =
        reader.list(map, "registrations", path, [&](const YAML::Node& item, const std::string& at) {
            return readRegistration(reader, item, at);
        });
    return contract;
}

}  // namespace

SyncTeam readTeamFile(std::string_view text, const SyncFileLimits& limits) {
    RecordReader reader(text, limits);
    const YAML::Node& map = reader.root();
    SyncTeam team;
    team.id = reader.uuid(map, "id", "");
    team.name = reader.text(map, "name", "");
    if (team.name.empty() || codePointLength(team.name) > limits.maxTeamNameLength) {
        fail(map["name"], "name",
             "must be 1 to " + std::to_string(limits.maxTeamNameLength) + " characters");
    }
    team.metadataJson = *reader.json(map, "metadata", "", true, false, "{}");
    return team;
}

SyncAsset readAssetFile(std::string_view text, const SyncFileLimits& limits) {
    RecordReader reader(text, limits);
    const YAML::Node& map = reader.root();
    SyncAsset asset;
    asset.id = reader.uuid(map, "id", "");
    asset.fqn = reader.text(map, "fqn", "");
    if (asset.fqn.empty() || codePointLength(asset.fqn) > limits.maxFqnLength) {
        fail(map["fqn"], "fqn",
             "must be 1 to " + std::to_string(limits.maxFqnLength) + " characters");
    }
    asset.ownerTeamId = reader.uuid(map, "owner_team_id", "");
    asset.metadataJson = *reader.json(map, "metadata", "", true, false);
    asset.contracts =
        reader.list(map, "contracts", "", [&](const YAML::Node& item, const std::string& at) {
            return readContract(reader, item, at);
        });
    return asset;
}

}  // namespace tessera::core
