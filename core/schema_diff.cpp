#include "core/schema_diff.hpp"

#include <array>
#include <unordered_map>
#include <unordered_set>

#include "core/python_repr.hpp"
#include "core/schema_validator.hpp"

namespace tessera::core {
namespace {

using rapidjson::Value;

constexpr std::array<std::string_view, 17> kChangeKindNames{
    "property_added",    "property_removed",    "property_renamed",     "type_changed",
    "type_widened",      "type_narrowed",       "required_added",       "required_removed",
    "enum_values_added", "enum_values_removed", "constraint_tightened", "constraint_relaxed",
    "default_added",     "default_removed",     "default_changed",      "nullable_added",
    "nullable_removed",
};

constexpr std::array<CompatibilityMode, 7> kAllModes{
    CompatibilityMode::Backward,
    CompatibilityMode::Forward,
    CompatibilityMode::Full,
    CompatibilityMode::None,
    CompatibilityMode::BackwardTransitive,
    CompatibilityMode::ForwardTransitive,
    CompatibilityMode::FullTransitive,
};

constexpr std::array<std::string_view, 7> kModeNames{
    "backward",           "forward",         "full", "none", "backward_transitive",
    "forward_transitive", "full_transitive",
};

// Spec 03 §3 / §4: kinds that break consumers reading new data with old expectations.
bool breaksBackward(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::PropertyRemoved:
        case ChangeKind::PropertyRenamed:
        case ChangeKind::TypeChanged:
        case ChangeKind::TypeNarrowed:
        case ChangeKind::RequiredAdded:
        case ChangeKind::EnumValuesRemoved:
        case ChangeKind::ConstraintTightened:
        case ChangeKind::DefaultRemoved:
        case ChangeKind::NullableRemoved:
            return true;
        default:
            return false;
    }
}

// Spec 03 §4: kinds that break old data read with new expectations.
bool breaksForward(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::PropertyAdded:
        case ChangeKind::PropertyRenamed:
        case ChangeKind::TypeChanged:
        case ChangeKind::TypeWidened:
        case ChangeKind::RequiredRemoved:
        case ChangeKind::EnumValuesAdded:
        case ChangeKind::ConstraintRelaxed:
        case ChangeKind::DefaultAdded:
        case ChangeKind::NullableAdded:
            return true;
        default:
            return false;
    }
}

bool makesMinor(ChangeKind kind) {
    return kind == ChangeKind::PropertyAdded || kind == ChangeKind::EnumValuesAdded ||
           kind == ChangeKind::NullableAdded || kind == ChangeKind::DefaultAdded;
}

// The constraint keywords of spec 03 §2.4, in reporting order, with what a larger value means.
enum class Direction { LargerRelaxes, LargerTightens, Unordered };

struct ConstraintKeyword {
    std::string_view keyword;
    Direction direction;
};

constexpr std::array<ConstraintKeyword, 9> kConstraintKeywords{{
    {"maxLength", Direction::LargerRelaxes},
    {"maxItems", Direction::LargerRelaxes},
    {"maximum", Direction::LargerRelaxes},
    {"exclusiveMaximum", Direction::LargerRelaxes},
    {"minLength", Direction::LargerTightens},
    {"minItems", Direction::LargerTightens},
    {"minimum", Direction::LargerTightens},
    {"exclusiveMinimum", Direction::LargerTightens},
    {"pattern", Direction::Unordered},
}};

const Value& emptySchema() {
    static const Value empty(rapidjson::kObjectType);
    return empty;
}

// A subschema as the walk sees it: anything but an object (boolean schema, tuple array,
// garbage) is walked as {} (spec 03 §2.10).
const Value& asSchemaNode(const Value* node) {
    return (node != nullptr && node->IsObject()) ? *node : emptySchema();
}

// The set of an array keyword's values (required, enum); absent or not an array: empty.
std::vector<const Value*> distinctElementsOf(const Value* array) {
    return array != nullptr ? distinctElements(*array) : std::vector<const Value*>{};
}

// dict.get(key) where JSON null counts as absent.
const Value* presentValue(const Value& node, std::string_view key) {
    const Value* value = dictGet(node, key);
    return (value != nullptr && !value->IsNull()) ? value : nullptr;
}

std::string childPath(const std::string& path, std::string_view segment) {
    if (path.empty()) return std::string(segment);
    std::string child = path;
    child += '.';
    child += segment;
    return child;
}

bool isArrayTyped(const Value& node) {
    const Value* type = dictGet(node, "type");
    return type != nullptr && type->IsString() && stringView(*type) == "array";
}

// A record value: the compact JSON of the value, or null for an absent side.
std::string valueJson(const Value* value) {
    return value != nullptr ? toJson(*value) : "null";
}

std::string quoted(std::string_view text) {
    std::string out = "'";
    out += text;
    out += '\'';
    return out;
}

// walk(old, new, path) of spec 03 §2, appending records in walk order.
class SchemaWalker {
  public:
    std::vector<SchemaChange> changes;

    void walk(const Value& oldNode, const Value& newNode, const std::string& path) {
        diffProperties(oldNode, newNode, path);
        diffRequired(oldNode, newNode, path);
        diffType(oldNode, newNode, path);
        diffConstraints(oldNode, newNode, path);
        diffEnum(oldNode, newNode, path);
        diffDefault(oldNode, newNode, path);
        diffNullable(oldNode, newNode, path);
        diffItems(oldNode, newNode, path);
    }

  private:
    void add(ChangeKind kind, std::string path, std::string message, std::string oldJson,
             std::string newJson) {
        changes.push_back(
            {kind, std::move(path), std::move(message), std::move(oldJson), std::move(newJson)});
    }

    void add(ChangeKind kind, std::string path, std::string message, const Value* oldValue,
             const Value* newValue) {
        add(kind, std::move(path), std::move(message), valueJson(oldValue), valueJson(newValue));
    }

    // Properties in the new schema's order (added ones, and recursion into common ones), then
    // removed ones in the old schema's order (spec 00).
    void diffProperties(const Value& oldNode, const Value& newNode, const std::string& path) {
        const Value* oldProperties = dictGet(oldNode, "properties");
        const Value* newProperties = dictGet(newNode, "properties");
        const std::vector<DictItem> oldItems = dictItems(asSchemaNode(oldProperties));
        const std::vector<DictItem> newItems = dictItems(asSchemaNode(newProperties));
        if (oldItems.empty() && newItems.empty()) return;

        std::unordered_map<std::string_view, const Value*> oldByKey;
        for (const DictItem& item : oldItems) oldByKey.emplace(item.key, item.value);
        std::unordered_set<std::string_view> newKeys;
        const std::string base = childPath(path, "properties");

        for (const DictItem& item : newItems) {
            newKeys.insert(item.key);
            const std::string propertyPath = childPath(base, item.key);
            const auto old = oldByKey.find(item.key);
            if (old == oldByKey.end()) {
                add(ChangeKind::PropertyAdded, propertyPath,
                    "Property " + quoted(item.key) + " was added", nullptr, item.value);
            } else {
                walk(asSchemaNode(old->second), asSchemaNode(item.value), propertyPath);
            }
        }
        for (const DictItem& item : oldItems) {
            if (newKeys.count(item.key) != 0) continue;
            add(ChangeKind::PropertyRemoved, childPath(base, item.key),
                "Property " + quoted(item.key) + " was removed", item.value, nullptr);
        }
    }

    // One record per field name: added ones in new-array order, removed in old-array order.
    void diffRequired(const Value& oldNode, const Value& newNode, const std::string& path) {
        const Value* oldRequired = dictGet(oldNode, "required");
        const Value* newRequired = dictGet(newNode, "required");
        const auto oldNames = distinctElementsOf(oldRequired);
        const auto newNames = distinctElementsOf(newRequired);
        const auto added = setDifference(newNames, oldNames);
        const auto removed = setDifference(oldNames, newNames);
        if (added.empty() && removed.empty()) return;

        const std::string requiredPath = childPath(path, "required");
        const std::string oldJson = jsonArrayText(oldNames);
        const std::string newJson = jsonArrayText(newNames);
        for (const Value* name : added) {
            add(ChangeKind::RequiredAdded, requiredPath,
                "Field " + quoted(pythonStr(*name)) + " is now required", oldJson, newJson);
        }
        for (const Value* name : removed) {
            add(ChangeKind::RequiredRemoved, requiredPath,
                "Field " + quoted(pythonStr(*name)) + " is no longer required", oldJson, newJson);
        }
    }

    void diffType(const Value& oldNode, const Value& newNode, const std::string& path) {
        const Value* oldType = presentValue(oldNode, "type");
        const Value* newType = presentValue(newNode, "type");
        if (oldType == nullptr || newType == nullptr || jsonEquals(*oldType, *newType)) return;

        const std::string from = pythonStr(*oldType);
        const std::string to = pythonStr(*newType);
        const bool bothNames = oldType->IsString() && newType->IsString();
        // integer → number is the one widening pair; its reverse the one narrowing.
        ChangeKind kind = ChangeKind::TypeChanged;
        std::string_view verb = "changed";
        if (bothNames && from == "integer" && to == "number") {
            kind = ChangeKind::TypeWidened;
            verb = "widened";
        } else if (bothNames && from == "number" && to == "integer") {
            kind = ChangeKind::TypeNarrowed;
            verb = "narrowed";
        }
        add(kind, childPath(path, "type"),
            "Type " + std::string(verb) + " from " + quoted(from) + " to " + quoted(to), oldType,
            newType);
    }

    void diffConstraints(const Value& oldNode, const Value& newNode, const std::string& path) {
        for (const ConstraintKeyword& constraint : kConstraintKeywords) {
            const Value* oldValue = presentValue(oldNode, constraint.keyword);
            const Value* newValue = presentValue(newNode, constraint.keyword);
            if (oldValue == nullptr && newValue == nullptr) continue;
            if (oldValue != nullptr && newValue != nullptr && jsonEquals(*oldValue, *newValue)) {
                continue;
            }
            const std::string keyword = quoted(constraint.keyword);
            std::string constraintPath = childPath(path, constraint.keyword);
            if (newValue == nullptr) {
                add(ChangeKind::ConstraintRelaxed, std::move(constraintPath),
                    "Constraint " + keyword + " was removed", oldValue, nullptr);
            } else if (oldValue == nullptr) {
                add(ChangeKind::ConstraintTightened, std::move(constraintPath),
                    "Constraint " + keyword + " was added with value " + pythonStr(*newValue),
                    nullptr, newValue);
            } else if (constraint.direction == Direction::Unordered) {
                add(ChangeKind::ConstraintTightened, std::move(constraintPath),
                    "Pattern changed from " + quoted(pythonStr(*oldValue)) + " to " +
                        quoted(pythonStr(*newValue)),
                    oldValue, newValue);
            } else if (!oldValue->IsNumber() || !newValue->IsNumber()) {
                // Only reachable for schemas that skipped validation; err on the safe side.
                add(ChangeKind::ConstraintTightened, std::move(constraintPath),
                    "Constraint " + keyword + " changed from " + pythonStr(*oldValue) + " to " +
                        pythonStr(*newValue),
                    oldValue, newValue);
            } else {
                const bool larger = compareJsonNumbers(*newValue, *oldValue) > 0;
                const bool relaxed = larger == (constraint.direction == Direction::LargerRelaxes);
                add(relaxed ? ChangeKind::ConstraintRelaxed : ChangeKind::ConstraintTightened,
                    std::move(constraintPath),
                    "Constraint " + keyword + (relaxed ? " relaxed from " : " tightened from ") +
                        pythonStr(*oldValue) + " to " + pythonStr(*newValue),
                    oldValue, newValue);
            }
        }
    }

    void diffEnum(const Value& oldNode, const Value& newNode, const std::string& path) {
        const Value* oldEnum = dictGet(oldNode, "enum");
        const Value* newEnum = dictGet(newNode, "enum");
        const auto oldValues = distinctElementsOf(oldEnum);
        const auto newValues = distinctElementsOf(newEnum);
        const auto added = setDifference(newValues, oldValues);
        const auto removed = setDifference(oldValues, newValues);
        if (added.empty() && removed.empty()) return;

        const std::string enumPath = childPath(path, "enum");
        const std::string oldJson = jsonArrayText(oldValues);
        const std::string newJson = jsonArrayText(newValues);
        if (!added.empty()) {
            add(ChangeKind::EnumValuesAdded, enumPath, "Enum values added: " + pythonSetRepr(added),
                oldJson, newJson);
        }
        if (!removed.empty()) {
            add(ChangeKind::EnumValuesRemoved, enumPath,
                "Enum values removed: " + pythonSetRepr(removed), oldJson, newJson);
        }
    }

    // Presence-based: "default": null counts as a default.
    void diffDefault(const Value& oldNode, const Value& newNode, const std::string& path) {
        const Value* oldDefault = dictGet(oldNode, "default");
        const Value* newDefault = dictGet(newNode, "default");
        if (oldDefault == nullptr && newDefault == nullptr) return;
        std::string defaultPath = childPath(path, "default");
        if (newDefault == nullptr) {
            add(ChangeKind::DefaultRemoved, std::move(defaultPath),
                "Default value removed (was " + pythonStr(*oldDefault) + ")", oldDefault, nullptr);
        } else if (oldDefault == nullptr) {
            add(ChangeKind::DefaultAdded, std::move(defaultPath),
                "Default value added: " + pythonStr(*newDefault), nullptr, newDefault);
        } else if (!jsonEquals(*oldDefault, *newDefault)) {
            add(ChangeKind::DefaultChanged, std::move(defaultPath),
                "Default value changed from " + pythonStr(*oldDefault) + " to " +
                    pythonStr(*newDefault),
                oldDefault, newDefault);
        }
    }

    // 03 §2.7 as the original computes it: the two values (absent: false) compared with
    // Python's ==, so true → "yes" is a change; a change to a truthy value from a falsy one is
    // nullable_added, and every other change nullable_removed (true → "yes" and "" → [] too).
    void diffNullable(const Value& oldNode, const Value& newNode, const std::string& path) {
        static const Value kFalse(false);
        const Value* oldFlag = dictGet(oldNode, "nullable");
        const Value* newFlag = dictGet(newNode, "nullable");
        const Value& was = oldFlag != nullptr ? *oldFlag : kFalse;
        const Value& now = newFlag != nullptr ? *newFlag : kFalse;
        if (pythonFlagEquals(was, now)) return;
        if (isPythonTruthy(now) && !isPythonTruthy(was)) {
            add(ChangeKind::NullableAdded, childPath(path, "nullable"), "Field is now nullable",
                std::string("false"), std::string("true"));
        } else {
            add(ChangeKind::NullableRemoved, childPath(path, "nullable"),
                "Field is no longer nullable", std::string("true"), std::string("false"));
        }
    }

    // Python's == on two flag values: jsonEquals, and a bool equal to the number it counts as
    // (True == 1, False == 0.0), which jsonEquals keeps apart for JSON Schema's sake.
    static bool pythonFlagEquals(const Value& a, const Value& b) {
        const auto asNumber = [](const Value& v) { return v.IsTrue() ? 1.0 : 0.0; };
        if (a.IsBool() && b.IsNumber()) return b.GetDouble() == asNumber(a);
        if (a.IsNumber() && b.IsBool()) return a.GetDouble() == asNumber(b);
        return jsonEquals(a, b);
    }

    void diffItems(const Value& oldNode, const Value& newNode, const std::string& path) {
        if (!isArrayTyped(oldNode) || !isArrayTyped(newNode)) return;
        const Value& oldItems = asSchemaNode(dictGet(oldNode, "items"));
        const Value& newItems = asSchemaNode(dictGet(newNode, "items"));
        if (oldItems.MemberCount() == 0 && newItems.MemberCount() == 0) return;
        walk(oldItems, newItems, childPath(path, "items"));
    }
};

std::string changeIdentity(const SchemaChange& change) {
    std::string identity(changeKindName(change.kind));
    for (const std::string* part :
         {&change.path, &change.message, &change.oldValueJson, &change.newValueJson}) {
        identity += '\0';
        identity += *part;
    }
    return identity;
}

}  // namespace

std::string_view changeKindName(ChangeKind kind) {
    return kChangeKindNames[static_cast<std::size_t>(kind)];
}

std::optional<ChangeKind> parseChangeKind(std::string_view name) {
    for (std::size_t i = 0; i < kChangeKindNames.size(); ++i) {
        if (kChangeKindNames[i] == name) return static_cast<ChangeKind>(i);
    }
    return std::nullopt;
}

std::string_view changeTypeName(ChangeType type) {
    switch (type) {
        case ChangeType::Patch:
            return "patch";
        case ChangeType::Minor:
            return "minor";
        case ChangeType::Major:
            return "major";
    }
    return "patch";
}

SchemaDiff diffSchemas(const Value& oldSchema, const Value& newSchema) {
    for (const Value* schema : {&oldSchema, &newSchema}) {
        if (exceedsNestingDepth(*schema, kMaxSchemaNestingDepth)) {
            throw SchemaInputError("schema", "nesting exceeds the maximum depth of " +
                                                 std::to_string(kMaxSchemaNestingDepth));
        }
    }
    // Equal schemas have no changes; every comparison the walker makes is jsonEquals or a
    // function of equal values. A dbt diff meets mostly unchanged models (5,000 per request).
    if (jsonEquals(oldSchema, newSchema)) return SchemaDiff{};
    SchemaWalker walker;
    walker.walk(asSchemaNode(&oldSchema), asSchemaNode(&newSchema), "");
    SchemaDiff diff;
    diff.changeType = deriveChangeType(walker.changes);
    diff.changes = std::move(walker.changes);
    return diff;
}

ChangeType deriveChangeType(const std::vector<SchemaChange>& changes) {
    bool minor = false;
    for (const SchemaChange& change : changes) {
        if (breaksBackward(change.kind)) return ChangeType::Major;
        minor = minor || makesMinor(change.kind);
    }
    return minor ? ChangeType::Minor : ChangeType::Patch;
}

std::string_view compatibilityModeName(CompatibilityMode mode) {
    return kModeNames[static_cast<std::size_t>(mode)];
}

std::optional<CompatibilityMode> parseCompatibilityMode(std::string_view name) {
    for (std::size_t i = 0; i < kModeNames.size(); ++i) {
        if (kModeNames[i] == name) return kAllModes[i];
    }
    return std::nullopt;
}

CompatibilityMode storedCompatibilityMode(std::string_view name) {
    return parseCompatibilityMode(name).value_or(kDefaultCompatibilityMode);
}

const std::vector<std::string>& compatibilityModeNames() {
    static const std::vector<std::string> names(kModeNames.begin(), kModeNames.end());
    return names;
}

std::span<const CompatibilityMode> allCompatibilityModes() {
    return kAllModes;
}

bool isTransitive(CompatibilityMode mode) {
    return baseMode(mode) != mode;
}

CompatibilityMode baseMode(CompatibilityMode mode) {
    switch (mode) {
        case CompatibilityMode::BackwardTransitive:
            return CompatibilityMode::Backward;
        case CompatibilityMode::ForwardTransitive:
            return CompatibilityMode::Forward;
        case CompatibilityMode::FullTransitive:
            return CompatibilityMode::Full;
        default:
            return mode;
    }
}

bool isBreaking(ChangeKind kind, CompatibilityMode mode) {
    switch (baseMode(mode)) {
        case CompatibilityMode::Backward:
            return breaksBackward(kind);
        case CompatibilityMode::Forward:
            return breaksForward(kind);
        case CompatibilityMode::Full:
            return breaksBackward(kind) || breaksForward(kind);
        default:
            return false;
    }
}

std::vector<SchemaChange> breakingChanges(const std::vector<SchemaChange>& changes,
                                          CompatibilityMode mode) {
    std::vector<SchemaChange> breaking;
    for (const SchemaChange& change : changes) {
        if (isBreaking(change.kind, mode)) breaking.push_back(change);
    }
    return breaking;
}

HistoryCheck checkAgainstHistory(std::span<const Value* const> earlierSchemasOldestFirst,
                                 const Value& candidate, CompatibilityMode mode) {
    HistoryCheck check;
    const std::size_t count = earlierSchemasOldestFirst.size();
    check.breakingByVersion.resize(count);
    if (count == 0) return check;

    const std::size_t firstChecked = isTransitive(mode) ? 0 : count - 1;
    for (std::size_t i = firstChecked; i < count; ++i) {
        const Value* earlier = earlierSchemasOldestFirst[i];
        if (earlier == nullptr) continue;
        check.breakingByVersion[i] =
            breakingChanges(diffSchemas(*earlier, candidate).changes, mode);
    }
    std::unordered_set<std::string> listed;
    for (std::size_t i = count; i-- > firstChecked;) {
        for (const SchemaChange& change : check.breakingByVersion[i]) {
            if (listed.insert(changeIdentity(change)).second)
                check.breakingChanges.push_back(change);
        }
    }
    return check;
}

std::string jsonArrayText(const std::vector<const Value*>& members) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writer.StartArray();
    for (const Value* member : members) member->Accept(writer);
    writer.EndArray();
    return std::string(buffer.GetString(), buffer.GetSize());
}

void writeChangeJson(JsonWriter& writer, const SchemaChange& change) {
    writer.StartObject();
    writeKey(writer, "type");
    writeString(writer, changeKindName(change.kind));
    writeKey(writer, "path");
    writeString(writer, change.path);
    writeKey(writer, "message");
    writeString(writer, change.message);
    writeKey(writer, "old_value");
    writeStoredJson(writer, change.oldValueJson);
    writeKey(writer, "new_value");
    writeStoredJson(writer, change.newValueJson);
    writer.EndObject();
}

void writeChangesJson(JsonWriter& writer, const std::vector<SchemaChange>& changes) {
    writer.StartArray();
    for (const SchemaChange& change : changes) writeChangeJson(writer, change);
    writer.EndArray();
}

void writeReducedChangeJson(JsonWriter& writer, std::string_view kindName) {
    writer.StartObject();
    writeKey(writer, "type");
    writeString(writer, kindName);
    writeKey(writer, "column");
    writer.Null();
    writeKey(writer, "details");
    writer.StartObject();
    writer.EndObject();
    writer.EndObject();
}

std::string changesToJson(const std::vector<SchemaChange>& changes) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writeChangesJson(writer, changes);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<SchemaChange> storedSchemaChanges(std::string_view recordsJson) {
    std::vector<SchemaChange> changes;
    const rapidjson::Document records = parseStoredJson(recordsJson);
    if (!records.IsArray()) return changes;
    for (const Value& record : records.GetArray()) {
        if (!record.IsObject()) continue;
        const auto type = record.FindMember("type");
        const auto path = record.FindMember("path");
        if (type == record.MemberEnd() || !type->value.IsString() || path == record.MemberEnd() ||
            !path->value.IsString()) {
            continue;
        }
        const auto kind = parseChangeKind(
            std::string_view(type->value.GetString(), type->value.GetStringLength()));
        if (!kind) continue;  // a guarantee change
        SchemaChange change;
        change.kind = *kind;
        change.path.assign(path->value.GetString(), path->value.GetStringLength());
        changes.push_back(std::move(change));
    }
    return changes;
}

}  // namespace tessera::core
