// The guarantee diff engine (spec 03 §6): changes between two contracts' data-quality
// guarantees (nullability, uniqueness, accepted values, relationships, expressions, freshness,
// volume, custom), their severities, and the guarantee modes notify / strict / ignore.
//
// As in the original, no publish decision consults this engine (03 §6.4); it exists for parity
// and for callers that want the combined contract check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/schema_diff.hpp"

namespace tessera::core {

// Serialized as the snake_case names of spec 03 §6.2 ("not_null_added", …). The *_tightened
// kinds are never emitted (any freshness/volume change is reported as *_relaxed).
enum class GuaranteeChangeKind {
    NotNullAdded,
    NotNullRemoved,
    UniqueAdded,
    UniqueRemoved,
    AcceptedValuesAdded,
    AcceptedValuesRemoved,
    AcceptedValuesExpanded,
    AcceptedValuesContracted,
    RelationshipAdded,
    RelationshipRemoved,
    ExpressionAdded,
    ExpressionRemoved,
    ExpressionChanged,
    FreshnessAdded,
    FreshnessRemoved,
    FreshnessRelaxed,
    FreshnessTightened,
    VolumeAdded,
    VolumeRemoved,
    VolumeRelaxed,
    VolumeTightened,
    CustomGuaranteeAdded,
    CustomGuaranteeRemoved,
    CustomGuaranteeChanged,
};

std::string_view guaranteeChangeKindName(GuaranteeChangeKind kind);

// "info", "warning", "breaking" (the last is never assigned).
enum class GuaranteeSeverity { Info, Warning, Breaking };
std::string_view guaranteeSeverityName(GuaranteeSeverity severity);

struct GuaranteeChange {
    GuaranteeChangeKind kind = GuaranteeChangeKind::NotNullAdded;
    std::string path;  // e.g. "nullability.email", "freshness"
    std::string message;
    GuaranteeSeverity severity = GuaranteeSeverity::Info;
    std::string oldValueJson = "null";  // compact JSON text
    std::string newValueJson = "null";

    bool operator==(const GuaranteeChange&) const = default;
};

// The asset's guarantee_mode: "notify" (default), "strict", "ignore".
enum class GuaranteeMode { Notify, Strict, Ignore };
inline constexpr GuaranteeMode kDefaultGuaranteeMode = GuaranteeMode::Notify;
std::string_view guaranteeModeName(GuaranteeMode mode);
std::optional<GuaranteeMode> parseGuaranteeMode(std::string_view name);

// Records in category order (nullability, uniqueness, accepted_values, relationships,
// expressions, freshness, volume, custom); within a category added (new-key order), then
// removed (old-key order), then changed (new-key order). A null or non-object guarantees value
// counts as {}; a category that is null or of the wrong shape counts as absent/empty.
std::vector<GuaranteeChange> diffGuarantees(const rapidjson::Value& oldGuarantees,
                                            const rapidjson::Value& newGuarantees);

// The changes that break under the mode: every warning under strict, none otherwise.
std::vector<GuaranteeChange> breakingGuaranteeChanges(const std::vector<GuaranteeChange>& changes,
                                                      GuaranteeMode mode);

// Schema and guarantee compatibility together (03 §6.3).
struct ContractCheck {
    SchemaDiff schema;
    std::vector<SchemaChange> schemaBreaking;
    std::vector<GuaranteeChange> guaranteeChanges;
    std::vector<GuaranteeChange> guaranteeBreaking;

    // Compatible ⇔ schema compatible under its mode and guarantees not breaking under theirs.
    bool compatible() const { return schemaBreaking.empty() && guaranteeBreaking.empty(); }
};

// Pairwise check of old → new. For a *_transitive schema mode this checks only the given old
// schema; use checkAgainstHistory for the history.
ContractCheck checkContract(const rapidjson::Value& oldSchema, const rapidjson::Value& newSchema,
                            const rapidjson::Value& oldGuarantees,
                            const rapidjson::Value& newGuarantees, CompatibilityMode schemaMode,
                            GuaranteeMode guaranteeMode = kDefaultGuaranteeMode);

// {"type", "path", "message", "severity", "old_value", "new_value"} in that key order.
void writeGuaranteeChangeJson(JsonWriter& writer, const GuaranteeChange& change);

// {"schema_changes": [...], "schema_change_type": "...", "guarantee_changes": [...],
//  "guarantee_warnings": n, "guarantee_info": n}
void writeContractCheckJson(JsonWriter& writer, const ContractCheck& check);

}  // namespace tessera::core
