#include "core/guarantee_diff.hpp"

#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/python_repr.hpp"

namespace tessera::core {
namespace {

using rapidjson::Value;
using Kind = GuaranteeChangeKind;

constexpr std::array<std::string_view, 24> kKindNames{
    "not_null_added",
    "not_null_removed",
    "unique_added",
    "unique_removed",
    "accepted_values_added",
    "accepted_values_removed",
    "accepted_values_expanded",
    "accepted_values_contracted",
    "relationship_added",
    "relationship_removed",
    "expression_added",
    "expression_removed",
    "expression_changed",
    "freshness_added",
    "freshness_removed",
    "freshness_relaxed",
    "freshness_tightened",
    "volume_added",
    "volume_removed",
    "volume_relaxed",
    "volume_tightened",
    "custom_guarantee_added",
    "custom_guarantee_removed",
    "custom_guarantee_changed",
};

constexpr std::array<std::string_view, 3> kModeNames{"notify", "strict", "ignore"};

// A category whose entries are keyed by column or guarantee name.
struct KeyedCategory {
    std::string_view category;  // key in the guarantees object, and path prefix
    std::string_view label;     // message wording: "<label> guarantee added …"
    bool perColumn;             // "… for column '<key>'" rather than "…: <key>"
    bool keyIsValue;            // old/new values are the key itself (nullability, uniqueness)
    Kind added;
    Kind removed;
    std::optional<Kind> changed = std::nullopt;  // for entries in both with unequal values
};

constexpr KeyedCategory kNullability{
    .category = "nullability",
    .label = "not_null",
    .perColumn = true,
    .keyIsValue = true,
    .added = Kind::NotNullAdded,
    .removed = Kind::NotNullRemoved,
};
constexpr KeyedCategory kUniqueness{
    .category = "uniqueness",
    .label = "unique",
    .perColumn = true,
    .keyIsValue = true,
    .added = Kind::UniqueAdded,
    .removed = Kind::UniqueRemoved,
};
// Columns added or removed; changed value sets are diffAcceptedValueSets' job.
constexpr KeyedCategory kAcceptedValues{
    .category = "accepted_values",
    .label = "accepted_values",
    .perColumn = true,
    .keyIsValue = false,
    .added = Kind::AcceptedValuesAdded,
    .removed = Kind::AcceptedValuesRemoved,
};
constexpr KeyedCategory kRelationships{
    .category = "relationships",
    .label = "relationship",
    .perColumn = false,
    .keyIsValue = false,
    .added = Kind::RelationshipAdded,
    .removed = Kind::RelationshipRemoved,
};
constexpr KeyedCategory kExpressions{
    .category = "expressions",
    .label = "expression",
    .perColumn = false,
    .keyIsValue = false,
    .added = Kind::ExpressionAdded,
    .removed = Kind::ExpressionRemoved,
    .changed = Kind::ExpressionChanged,
};
constexpr KeyedCategory kCustom{
    .category = "custom",
    .label = "custom",
    .perColumn = false,
    .keyIsValue = false,
    .added = Kind::CustomGuaranteeAdded,
    .removed = Kind::CustomGuaranteeRemoved,
    .changed = Kind::CustomGuaranteeChanged,
};

// A category holding one value, compared as a whole.
struct WholeCategory {
    std::string_view category;
    Kind added;
    Kind removed;
    Kind changed;
};

constexpr WholeCategory kFreshness{"freshness", Kind::FreshnessAdded, Kind::FreshnessRemoved,
                                   Kind::FreshnessRelaxed};
constexpr WholeCategory kVolume{"volume", Kind::VolumeAdded, Kind::VolumeRemoved,
                                Kind::VolumeRelaxed};

// A category's value, with JSON null counting as absent.
const Value* categoryValue(const Value& guarantees, std::string_view category) {
    const Value* value = dictGet(guarantees, category);
    return (value != nullptr && !value->IsNull()) ? value : nullptr;
}

// A keyed category's entries; absent or not an object → none.
std::vector<DictItem> categoryEntries(const Value& guarantees, std::string_view category) {
    const Value* value = categoryValue(guarantees, category);
    return value != nullptr ? dictItems(*value) : std::vector<DictItem>{};
}

std::string keyPath(std::string_view category, std::string_view key) {
    std::string path(category);
    path += '.';
    path += key;
    return path;
}

// Entries of `items` whose key is not among `others`, in `items` order.
std::vector<DictItem> entriesMissingFrom(const std::vector<DictItem>& items,
                                         const std::vector<DictItem>& others) {
    std::unordered_set<std::string_view> otherKeys;
    for (const DictItem& item : others) otherKeys.insert(item.key);
    std::vector<DictItem> missing;
    for (const DictItem& item : items) {
        if (otherKeys.count(item.key) == 0) missing.push_back(item);
    }
    return missing;
}

// Pairs (old value, new entry) for keys present on both sides, in new order.
std::vector<std::pair<const Value*, DictItem>> commonEntries(
    const std::vector<DictItem>& oldItems, const std::vector<DictItem>& newItems) {
    std::unordered_map<std::string_view, const Value*> oldByKey;
    for (const DictItem& item : oldItems) oldByKey.emplace(item.key, item.value);
    std::vector<std::pair<const Value*, DictItem>> common;
    for (const DictItem& item : newItems) {
        if (auto old = oldByKey.find(item.key); old != oldByKey.end()) {
            common.emplace_back(old->second, item);
        }
    }
    return common;
}

class GuaranteeDiffer {
  public:
    GuaranteeDiffer(const Value& oldGuarantees, const Value& newGuarantees)
        : old_(oldGuarantees), new_(newGuarantees) {}

    std::vector<GuaranteeChange> run() {
        diffKeyed(kNullability);
        diffKeyed(kUniqueness);
        diffKeyed(kAcceptedValues);
        diffAcceptedValueSets();
        diffKeyed(kRelationships);
        diffKeyed(kExpressions);
        diffWhole(kFreshness);
        diffWhole(kVolume);
        diffKeyed(kCustom);
        return std::move(changes_);
    }

  private:
    void add(Kind kind, std::string path, std::string message, GuaranteeSeverity severity,
             std::string oldJson, std::string newJson) {
        changes_.push_back({kind, std::move(path), std::move(message), severity, std::move(oldJson),
                            std::move(newJson)});
    }

    static std::string keyedMessage(const KeyedCategory& category, std::string_view verb,
                                    std::string_view key) {
        std::string message(category.label);
        message += " guarantee ";
        message += verb;
        if (category.perColumn) {
            message += " for column '";
            message += key;
            message += '\'';
        } else {
            message += ": ";
            message += key;
        }
        return message;
    }

    void diffKeyed(const KeyedCategory& category) {
        const auto oldItems = categoryEntries(old_, category.category);
        const auto newItems = categoryEntries(new_, category.category);
        for (const DictItem& item : entriesMissingFrom(newItems, oldItems)) {
            add(category.added, keyPath(category.category, item.key),
                keyedMessage(category, "added", item.key), GuaranteeSeverity::Info, "null",
                category.keyIsValue ? jsonQuote(item.key) : toJson(*item.value));
        }
        for (const DictItem& item : entriesMissingFrom(oldItems, newItems)) {
            add(category.removed, keyPath(category.category, item.key),
                keyedMessage(category, "removed", item.key), GuaranteeSeverity::Warning,
                category.keyIsValue ? jsonQuote(item.key) : toJson(*item.value), "null");
        }
        if (!category.changed) return;
        for (const auto& [oldValue, item] : commonEntries(oldItems, newItems)) {
            if (jsonEquals(*oldValue, *item.value)) continue;
            add(*category.changed, keyPath(category.category, item.key),
                keyedMessage(category, "changed", item.key), GuaranteeSeverity::Warning,
                toJson(*oldValue), toJson(*item.value));
        }
    }

    // Columns in both with different value sets (after diffKeyed reported added and removed
    // columns). A non-array value is the empty set.
    void diffAcceptedValueSets() {
        const auto oldItems = categoryEntries(old_, kAcceptedValues.category);
        const auto newItems = categoryEntries(new_, kAcceptedValues.category);
        for (const auto& [oldValue, item] : commonEntries(oldItems, newItems)) {
            const auto oldSet = distinctElements(*oldValue);
            const auto newSet = distinctElements(*item.value);
            const auto added = setDifference(newSet, oldSet);
            const auto removed = setDifference(oldSet, newSet);
            if (added.empty() && removed.empty()) continue;
            const std::string prefix = "accepted_values for '" + std::string(item.key) + "' ";
            std::string message;
            Kind kind = Kind::AcceptedValuesExpanded;
            GuaranteeSeverity severity = GuaranteeSeverity::Warning;
            if (removed.empty()) {
                message = prefix + "expanded: added " + pythonSetRepr(added);
            } else if (added.empty()) {
                message = prefix + "contracted: removed " + pythonSetRepr(removed);
                kind = Kind::AcceptedValuesContracted;
                severity = GuaranteeSeverity::Info;
            } else {
                message = prefix + "changed: added " + pythonSetRepr(added) + ", removed " +
                          pythonSetRepr(removed);
            }
            add(kind, keyPath(kAcceptedValues.category, item.key), std::move(message), severity,
                jsonArrayText(oldSet), jsonArrayText(newSet));
        }
    }

    void diffWhole(const WholeCategory& category) {
        const Value* oldValue = categoryValue(old_, category.category);
        const Value* newValue = categoryValue(new_, category.category);
        const std::string name(category.category);
        if (oldValue == nullptr && newValue == nullptr) return;
        if (oldValue == nullptr) {
            add(category.added, name, name + " guarantee added: " + pythonStr(*newValue),
                GuaranteeSeverity::Info, "null", toJson(*newValue));
        } else if (newValue == nullptr) {
            add(category.removed, name,
                name + " guarantee removed (was " + pythonStr(*oldValue) + ")",
                GuaranteeSeverity::Warning, toJson(*oldValue), "null");
        } else if (!jsonEquals(*oldValue, *newValue)) {
            add(category.changed, name,
                name + " guarantee changed from " + pythonStr(*oldValue) + " to " +
                    pythonStr(*newValue),
                GuaranteeSeverity::Warning, toJson(*oldValue), toJson(*newValue));
        }
    }

    const Value& old_;
    const Value& new_;
    std::vector<GuaranteeChange> changes_;
};

std::size_t countSeverity(const std::vector<GuaranteeChange>& changes, GuaranteeSeverity severity) {
    std::size_t count = 0;
    for (const GuaranteeChange& change : changes) count += change.severity == severity ? 1 : 0;
    return count;
}

}  // namespace

std::string_view guaranteeChangeKindName(GuaranteeChangeKind kind) {
    return kKindNames[static_cast<std::size_t>(kind)];
}

std::string_view guaranteeSeverityName(GuaranteeSeverity severity) {
    switch (severity) {
        case GuaranteeSeverity::Info:
            return "info";
        case GuaranteeSeverity::Warning:
            return "warning";
        case GuaranteeSeverity::Breaking:
            return "breaking";
    }
    return "info";
}

std::string_view guaranteeModeName(GuaranteeMode mode) {
    return kModeNames[static_cast<std::size_t>(mode)];
}

std::optional<GuaranteeMode> parseGuaranteeMode(std::string_view name) {
    for (std::size_t i = 0; i < kModeNames.size(); ++i) {
        if (kModeNames[i] == name) return static_cast<GuaranteeMode>(i);
    }
    return std::nullopt;
}

std::vector<GuaranteeChange> diffGuarantees(const Value& oldGuarantees,
                                            const Value& newGuarantees) {
    return GuaranteeDiffer(oldGuarantees, newGuarantees).run();
}

std::vector<GuaranteeChange> breakingGuaranteeChanges(const std::vector<GuaranteeChange>& changes,
                                                      GuaranteeMode mode) {
    std::vector<GuaranteeChange> breaking;
    if (mode != GuaranteeMode::Strict) return breaking;
    // `breaking` severity is never assigned; were it ever, it would break too.
    for (const GuaranteeChange& change : changes) {
        if (change.severity != GuaranteeSeverity::Info) breaking.push_back(change);
    }
    return breaking;
}

ContractCheck checkContract(const Value& oldSchema, const Value& newSchema,
                            const Value& oldGuarantees, const Value& newGuarantees,
                            CompatibilityMode schemaMode, GuaranteeMode guaranteeMode) {
    ContractCheck check;
    check.schema = diffSchemas(oldSchema, newSchema);
    check.schemaBreaking = breakingChanges(check.schema.changes, schemaMode);
    check.guaranteeChanges = diffGuarantees(oldGuarantees, newGuarantees);
    check.guaranteeBreaking = breakingGuaranteeChanges(check.guaranteeChanges, guaranteeMode);
    return check;
}

void writeGuaranteeChangeJson(JsonWriter& writer, const GuaranteeChange& change) {
    writer.StartObject();
    writeKey(writer, "type");
    writeString(writer, guaranteeChangeKindName(change.kind));
    writeKey(writer, "path");
    writeString(writer, change.path);
    writeKey(writer, "message");
    writeString(writer, change.message);
    writeKey(writer, "severity");
    writeString(writer, guaranteeSeverityName(change.severity));
    writeKey(writer, "old_value");
    writeStoredJson(writer, change.oldValueJson);
    writeKey(writer, "new_value");
    writeStoredJson(writer, change.newValueJson);
    writer.EndObject();
}

void writeContractCheckJson(JsonWriter& writer, const ContractCheck& check) {
    writer.StartObject();
    writeKey(writer, "schema_changes");
    writeChangesJson(writer, check.schema.changes);
    writeKey(writer, "schema_change_type");
    writeString(writer, changeTypeName(check.schema.changeType));
    writeKey(writer, "guarantee_changes");
    writer.StartArray();
    for (const GuaranteeChange& change : check.guaranteeChanges) {
        writeGuaranteeChangeJson(writer, change);
    }
    writer.EndArray();
    writeKey(writer, "guarantee_warnings");
    writer.Uint64(countSeverity(check.guaranteeChanges, GuaranteeSeverity::Warning));
    writeKey(writer, "guarantee_info");
    writer.Uint64(countSeverity(check.guaranteeChanges, GuaranteeSeverity::Info));
    writer.EndObject();
}

}  // namespace tessera::core
