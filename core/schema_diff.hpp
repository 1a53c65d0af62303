// The schema diff engine (spec 03 §1–§4): the structural changes between two contract schemas,
// the change_type they imply, and which of them break consumers under a compatibility mode.
//
// The diff is purely structural and independent of the mode; a mode is a filter over the same
// change list. Everything here is pure and deterministic: records come in walk order, and
// inside a node properties follow the new schema's order with removed ones last (in the old
// schema's order), as decided in spec 00.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "core/errors.hpp"
#include "core/json.hpp"

namespace tessera::core {

// Change kinds, serialized as the snake_case names of spec 03 §1.1 ("property_added", …).
// PropertyRenamed is never emitted: it exists for the breaking sets and stored data.
enum class ChangeKind {
    PropertyAdded,
    PropertyRemoved,
    PropertyRenamed,
    TypeChanged,
    TypeWidened,
    TypeNarrowed,
    RequiredAdded,
    RequiredRemoved,
    EnumValuesAdded,
    EnumValuesRemoved,
    ConstraintTightened,
    ConstraintRelaxed,
    DefaultAdded,
    DefaultRemoved,
    DefaultChanged,
    NullableAdded,
    NullableRemoved,
};

std::string_view changeKindName(ChangeKind kind);
std::optional<ChangeKind> parseChangeKind(std::string_view name);

// One change record. Values are kept as compact JSON text so records are cheap to copy, store
// (jsonb) and re-emit; an absent side is "null".
struct SchemaChange {
    ChangeKind kind = ChangeKind::PropertyAdded;
    std::string path;     // dotted, e.g. "properties.address.properties.city", "required"
    std::string message;  // e.g. "Property 'name' was added"
    std::string oldValueJson = "null";
    std::string newValueJson = "null";

    bool operator==(const SchemaChange&) const = default;
};

// patch / minor / major, derived from the change list alone (never from the mode).
enum class ChangeType { Patch, Minor, Major };
std::string_view changeTypeName(ChangeType type);

struct SchemaDiff {
    std::vector<SchemaChange> changes;
    ChangeType changeType = ChangeType::Patch;
};

// Thrown by diffSchemas for a schema the engine refuses to walk: one nested deeper than
// kMaxSchemaNestingDepth (schema_validator.hpp). The HTTP parser's own limit (128) makes this
// unreachable from requests. It is an ApiError (422 VALIDATION_ERROR, message naming the
// field), so the error boundary renders it like any other client mistake.
class SchemaInputError : public ApiError {
  public:
    SchemaInputError(std::string field, const std::string& problem)
        : ApiError(422, "VALIDATION_ERROR", field + ": " + problem), field_(std::move(field)) {}
    const std::string& field() const { return field_; }

  private:
    std::string field_;
};

// diff(old, new) of spec 03 §2 with change_type of §3. Never fails on shape: a non-object
// schema or subschema (boolean schema, tuple-form `items`) is walked as {}, array-valued `type`s
// that differ give type_changed with the raw values, enum/required members of any JSON type are
// compared by value. Throws SchemaInputError only for over-deep nesting (see above).
SchemaDiff diffSchemas(const rapidjson::Value& oldSchema, const rapidjson::Value& newSchema);

// §3: major if any backward-breaking kind, else minor if any of property_added,
// enum_values_added, nullable_added, default_added, else patch.
ChangeType deriveChangeType(const std::vector<SchemaChange>& changes);

// Compatibility modes. The four original ones behave exactly as spec 03 §4. The *_transitive
// modes use the per-change rules of their base mode, but the caller checks the candidate against
// every earlier contract of the asset (checkAgainstHistory), not only the active one.
enum class CompatibilityMode {
    Backward,
    Forward,
    Full,
    None,
    BackwardTransitive,
    ForwardTransitive,
    FullTransitive,
};

inline constexpr CompatibilityMode kDefaultCompatibilityMode = CompatibilityMode::Backward;

// "backward", "forward", "full", "none", "backward_transitive", "forward_transitive",
// "full_transitive". Parsing is exact (case-sensitive), as the API's enum validation.
std::string_view compatibilityModeName(CompatibilityMode mode);
std::optional<CompatibilityMode> parseCompatibilityMode(std::string_view name);
// A mode read back from storage (always valid there); the default for anything else.
CompatibilityMode storedCompatibilityMode(std::string_view name);
// Every mode, in the order above (for "Input should be 'backward', …" messages).
std::span<const CompatibilityMode> allCompatibilityModes();
// Their names, in the same order (the API's enum validation).
const std::vector<std::string>& compatibilityModeNames();

bool isTransitive(CompatibilityMode mode);
// The non-transitive mode whose breaking set a mode uses (Backward for BackwardTransitive, …).
CompatibilityMode baseMode(CompatibilityMode mode);

// Whether a change of this kind breaks consumers under the mode (table of spec 03 §4.1).
bool isBreaking(ChangeKind kind, CompatibilityMode mode);

// breaking_for_mode: the records whose kind breaks under the mode, same order, same records.
std::vector<SchemaChange> breakingChanges(const std::vector<SchemaChange>& changes,
                                          CompatibilityMode mode);

// Compatibility of a candidate schema with an asset's contract history.
struct HistoryCheck {
    // All breaking changes: first those against the newest earlier schema (exactly the list a
    // non-transitive mode reports against the active contract), then, going back in time, those
    // found only against older schemas. A record identical in all five fields to one already
    // listed (the same change seen against several versions) is listed once, at its first
    // (newest) occurrence; records that differ in any field (e.g. the removed property's old
    // subschema changed between versions) are all kept.
    std::vector<SchemaChange> breakingChanges;
    // Parallel to the input (oldest first): the breaking changes against each earlier schema.
    // Versions a mode does not check have an empty list.
    std::vector<std::vector<SchemaChange>> breakingByVersion;

    bool compatible() const { return breakingChanges.empty(); }
};

// Checks `candidate` against the asset's earlier schemas, given oldest first with the active
// contract's schema last. A transitive mode checks every one; a non-transitive mode checks only
// the last (so callers may use this for every mode). Null entries are skipped. change_type is
// not part of this: it always comes from diffSchemas(active, candidate).
HistoryCheck checkAgainstHistory(std::span<const rapidjson::Value* const> earlierSchemasOldestFirst,
                                 const rapidjson::Value& candidate, CompatibilityMode mode);

// {"type", "path", "message", "old_value", "new_value"} in that key order.
void writeChangeJson(JsonWriter& writer, const SchemaChange& change);
// A JSON array of writeChangeJson objects.
void writeChangesJson(JsonWriter& writer, const std::vector<SchemaChange>& changes);
// The reduced form used inside proposal objects: {"type": kind, "column": null, "details": {}}.
// Takes the kind's name so stored records can be reduced without parsing them back.
void writeReducedChangeJson(JsonWriter& writer, std::string_view kindName);
// The records as a JSON array text (for storing in jsonb).
std::string changesToJson(const std::vector<SchemaChange>& changes);
// The schema change records of a stored record list (a proposal's breaking changes: schema
// records, then guarantee records), with kind and path only: what the column impact needs.
// Records of other kinds (guarantee changes) and malformed ones are skipped.
std::vector<SchemaChange> storedSchemaChanges(std::string_view recordsJson);

// Compact JSON array text of the given members, in order (record values of set-valued
// keywords; shared with the guarantee diff).
std::string jsonArrayText(const std::vector<const rapidjson::Value*>& members);

}  // namespace tessera::core
