// Schema diff engine: every worked example of spec 03 §5, the kind × mode table of §4.1, the
// transitive modes, the JSON forms, and inputs the original could not handle (§2.10).
#include "core/schema_diff.hpp"

#include <string>
#include <vector>

#include "core/schema_validator.hpp"
#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;
using Kinds = std::vector<std::string>;

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseFullPrecisionFlag>(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

// The §5 shorthand: a root object schema with these properties (and optional extra keys).
std::string object(const std::string& properties, const std::string& extra = "") {
    return R"({"type":"object","properties":{)" + properties + "}" +
           (extra.empty() ? "" : "," + extra) + "}";
}

SchemaDiff diff(const std::string& oldSchema, const std::string& newSchema) {
    return diffSchemas(parse(oldSchema), parse(newSchema));
}

// A record as JSON text, in the wire key order.
std::string recordJson(const SchemaChange& change) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writeChangeJson(writer, change);
    return buffer.GetString();
}

std::string record(const std::string& type, const std::string& path, const std::string& message,
                   const std::string& oldJson, const std::string& newJson) {
    return R"({"type":")" + type + R"(","path":")" + path + R"(","message":")" + message +
           R"(","old_value":)" + oldJson + R"(,"new_value":)" + newJson + "}";
}

std::vector<std::string> records(const std::vector<SchemaChange>& changes) {
    std::vector<std::string> out;
    for (const SchemaChange& change : changes) out.push_back(recordJson(change));
    return out;
}

Kinds kinds(const std::vector<SchemaChange>& changes) {
    Kinds out;
    for (const SchemaChange& change : changes) out.emplace_back(changeKindName(change.kind));
    return out;
}

Kinds breaking(const SchemaDiff& result, CompatibilityMode mode) {
    return kinds(breakingChanges(result.changes, mode));
}

void checkModes(const SchemaDiff& result, const Kinds& backward, const Kinds& forward,
                const Kinds& full) {
    CHECK(breaking(result, CompatibilityMode::Backward) == backward);
    CHECK(breaking(result, CompatibilityMode::Forward) == forward);
    CHECK(breaking(result, CompatibilityMode::Full) == full);
    CHECK(breaking(result, CompatibilityMode::None).empty());
}

std::string nestedProperties(int depth, const std::string& leaf) {
    std::string json;
    for (int i = 0; i < depth; ++i) json += R"({"properties":{"n":)";
    json += leaf;
    for (int i = 0; i < depth; ++i) json += "}}";
    return json;
}

const std::string kIdInt = R"("id":{"type":"integer"})";
const std::string kNameString = R"("name":{"type":"string"})";

}  // namespace

// ---- 03 §5 worked examples ----

TEST_CASE("E1 no changes", "[schema_diff][example]") {
    const std::string schema = object(kIdInt, R"("required":["id"])");
    const SchemaDiff result = diff(schema, schema);
    CHECK(result.changes.empty());
    CHECK(result.changeType == ChangeType::Patch);
    checkModes(result, {}, {}, {});
}

TEST_CASE("E2 property added", "[schema_diff][example]") {
    for (const std::string& extra : {std::string(), std::string(R"("required":["id"])")}) {
        const SchemaDiff result =
            diff(object(kIdInt, extra), object(kIdInt + "," + kNameString, extra));
        CHECK(records(result.changes) ==
              std::vector<std::string>{record("property_added", "properties.name",
                                              "Property 'name' was added", "null",
                                              R"({"type":"string"})")});
        CHECK(result.changeType == ChangeType::Minor);
        checkModes(result, {}, {"property_added"}, {"property_added"});
    }
}

TEST_CASE("E3 property removed", "[schema_diff][example]") {
    for (const std::string& extra : {std::string(), std::string(R"("required":["id"])")}) {
        const SchemaDiff result =
            diff(object(kIdInt + "," + kNameString, extra), object(kIdInt, extra));
        CHECK(records(result.changes) ==
              std::vector<std::string>{record("property_removed", "properties.name",
                                              "Property 'name' was removed", R"({"type":"string"})",
                                              "null")});
        CHECK(result.changeType == ChangeType::Major);
        checkModes(result, {"property_removed"}, {}, {"property_removed"});
    }
}

TEST_CASE("E4 nested property added", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("address":{"type":"object","properties":{"street":{"type":"string"}}})"),
             object(R"("address":{"type":"object","properties":{"street":{"type":"string"},)"
                    R"("city":{"type":"string"}}})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("property_added", "properties.address.properties.city",
                                          "Property 'city' was added", "null",
                                          R"({"type":"string"})")});
    CHECK(result.changeType == ChangeType::Minor);
}

TEST_CASE("E5 required added", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(kIdInt + "," + kNameString, R"("required":["id"])"),
             object(kIdInt + "," + kNameString, R"("required":["id","name"])"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("required_added", "required",
                                          "Field 'name' is now required", R"(["id"])",
                                          R"(["id","name"])")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"required_added"}, {}, {"required_added"});
}

TEST_CASE("E6 new required property", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(kIdInt, R"("required":["id"])"),
             object(kIdInt + "," + kNameString, R"("required":["id","name"])"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("property_added", "properties.name", "Property 'name' was added", "null",
                     R"({"type":"string"})"),
              record("required_added", "required", "Field 'name' is now required", R"(["id"])",
                     R"(["id","name"])")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"required_added"}, {"property_added"},
               {"property_added", "required_added"});
}

TEST_CASE("E7 required removed", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(kIdInt + "," + kNameString, R"("required":["id","name"])"),
             object(kIdInt + "," + kNameString, R"("required":["id"])"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("required_removed", "required",
                                          "Field 'name' is no longer required", R"(["id","name"])",
                                          R"(["id"])")});
    CHECK(result.changeType == ChangeType::Patch);
    checkModes(result, {}, {"required_removed"}, {"required_removed"});
}

TEST_CASE("E8 required property dropped", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(kIdInt + R"(,"email":{"type":"string"})", R"("required":["id","email"])"),
             object(kIdInt, R"("required":["id"])"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("property_removed", "properties.email", "Property 'email' was removed",
                     R"({"type":"string"})", "null"),
              record("required_removed", "required", "Field 'email' is no longer required",
                     R"(["id","email"])", R"(["id"])")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"property_removed"}, {"required_removed"},
               {"property_removed", "required_removed"});
}

TEST_CASE("E9 type changed", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(kIdInt), object(R"("id":{"type":"string"})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("type_changed", "properties.id.type",
                                          "Type changed from 'integer' to 'string'", R"("integer")",
                                          R"("string")")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"type_changed"}, {"type_changed"}, {"type_changed"});
}

TEST_CASE("E10 type widened", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("value":{"type":"integer"})"), object(R"("value":{"type":"number"})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("type_widened", "properties.value.type",
                                          "Type widened from 'integer' to 'number'", R"("integer")",
                                          R"("number")")});
    CHECK(result.changeType == ChangeType::Patch);
    checkModes(result, {}, {"type_widened"}, {"type_widened"});
}

TEST_CASE("E11 type narrowed", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("value":{"type":"number"})"), object(R"("value":{"type":"integer"})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("type_narrowed", "properties.value.type",
                                          "Type narrowed from 'number' to 'integer'", R"("number")",
                                          R"("integer")")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"type_narrowed"}, {}, {"type_narrowed"});
}

TEST_CASE("E12 enum values added", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("status":{"type":"string","enum":["active","inactive"]})"),
             object(R"("status":{"type":"string","enum":["active","inactive","pending"]})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record(
              "enum_values_added", "properties.status.enum", "Enum values added: {'pending'}",
              R"(["active","inactive"])", R"(["active","inactive","pending"])")});
    CHECK(result.changeType == ChangeType::Minor);
    checkModes(result, {}, {"enum_values_added"}, {"enum_values_added"});
}

TEST_CASE("E13 enum values removed", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("status":{"type":"string","enum":["active","inactive","pending"]})"),
             object(R"("status":{"type":"string","enum":["active","inactive"]})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record(
              "enum_values_removed", "properties.status.enum", "Enum values removed: {'pending'}",
              R"(["active","inactive","pending"])", R"(["active","inactive"])")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"enum_values_removed"}, {}, {"enum_values_removed"});
}

TEST_CASE("E14 maxLength decreased", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(R"("name":{"type":"string","maxLength":100})"),
                                   object(R"("name":{"type":"string","maxLength":50})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("constraint_tightened", "properties.name.maxLength",
                                          "Constraint 'maxLength' tightened from 100 to 50", "100",
                                          "50")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"constraint_tightened"}, {}, {"constraint_tightened"});
}

TEST_CASE("E15 maxLength increased", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(R"("name":{"type":"string","maxLength":50})"),
                                   object(R"("name":{"type":"string","maxLength":100})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("constraint_relaxed", "properties.name.maxLength",
                                          "Constraint 'maxLength' relaxed from 50 to 100", "50",
                                          "100")});
    CHECK(result.changeType == ChangeType::Patch);
    checkModes(result, {}, {"constraint_relaxed"}, {"constraint_relaxed"});
}

TEST_CASE("E16 minLength added", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(R"("name":{"type":"string"})"),
                                   object(R"("name":{"type":"string","minLength":1})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("constraint_tightened", "properties.name.minLength",
                                          "Constraint 'minLength' was added with value 1", "null",
                                          "1")});
    CHECK(result.changeType == ChangeType::Major);
}

TEST_CASE("E17 constraint removed", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(R"("name":{"type":"string","maxLength":100})"),
                                   object(R"("name":{"type":"string"})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("constraint_relaxed", "properties.name.maxLength",
                                          "Constraint 'maxLength' was removed", "100", "null")});
    CHECK(result.changeType == ChangeType::Patch);
}

TEST_CASE("E18 default added / removed / changed", "[schema_diff][example]") {
    const std::string none = object(R"("active":{"type":"boolean"})");
    const std::string yes = object(R"("active":{"type":"boolean","default":true})");
    const std::string no = object(R"("active":{"type":"boolean","default":false})");
    SECTION("added") {
        const SchemaDiff result = diff(none, yes);
        CHECK(records(result.changes) ==
              std::vector<std::string>{record("default_added", "properties.active.default",
                                              "Default value added: True", "null", "true")});
        CHECK(result.changeType == ChangeType::Minor);
        checkModes(result, {}, {"default_added"}, {"default_added"});
    }
    SECTION("removed") {
        const SchemaDiff result = diff(yes, none);
        CHECK(records(result.changes) ==
              std::vector<std::string>{record("default_removed", "properties.active.default",
                                              "Default value removed (was True)", "true", "null")});
        CHECK(result.changeType == ChangeType::Major);
        checkModes(result, {"default_removed"}, {}, {"default_removed"});
    }
    SECTION("changed") {
        const SchemaDiff result = diff(yes, no);
        CHECK(records(result.changes) ==
              std::vector<std::string>{record("default_changed", "properties.active.default",
                                              "Default value changed from True to False", "true",
                                              "false")});
        CHECK(result.changeType == ChangeType::Patch);
        checkModes(result, {}, {}, {});
    }
}

TEST_CASE("E19 nullable", "[schema_diff][example]") {
    const std::string added = record("nullable_added", "properties.name.nullable",
                                     "Field is now nullable", "false", "true");
    const std::string removed = record("nullable_removed", "properties.name.nullable",
                                       "Field is no longer nullable", "true", "false");
    const SchemaDiff gained = diff(object(R"("name":{"type":"string"})"),
                                   object(R"("name":{"type":"string","nullable":true})"));
    CHECK(records(gained.changes) == std::vector<std::string>{added});
    CHECK(gained.changeType == ChangeType::Minor);
    checkModes(gained, {}, {"nullable_added"}, {"nullable_added"});

    const SchemaDiff toFalse = diff(object(R"("name":{"type":"string","nullable":true})"),
                                    object(R"("name":{"type":"string","nullable":false})"));
    CHECK(records(toFalse.changes) == std::vector<std::string>{removed});
    CHECK(toFalse.changeType == ChangeType::Major);
    checkModes(toFalse, {"nullable_removed"}, {}, {"nullable_removed"});

    const SchemaDiff toAbsent = diff(object(R"("name":{"type":"string","nullable":true})"),
                                     object(R"("name":{"type":"string"})"));
    CHECK(records(toAbsent.changes) == std::vector<std::string>{removed});
}

TEST_CASE("nullable compares its values with Python's ==, as 03 §2.7 computes it",
          "[schema_diff]") {
    const std::string removed = record("nullable_removed", "properties.a.nullable",
                                       "Field is no longer nullable", "true", "false");
    const auto change = [](const std::string& from, const std::string& to) {
        return diff(object(R"("a":{"type":"string","nullable":)" + from + "}"),
                    object(R"("a":{"type":"string","nullable":)" + to + "}"))
            .changes;
    };
    // Two truthy values that differ: "otherwise" is nullable_removed.
    CHECK(records(change("true", R"("yes")")) == std::vector<std::string>{removed});
    CHECK(records(change("1", "[1]")) == std::vector<std::string>{removed});
    // Two falsy values that differ, likewise.
    CHECK(records(change(R"("")", "[]")) == std::vector<std::string>{removed});
    // Equal in Python: nothing.
    CHECK(change("true", "1").empty());
    CHECK(change("false", "0.0").empty());
    CHECK(change("1", "1.0").empty());
    CHECK(change(R"("yes")", R"("yes")").empty());
    // Absent counts as false: absent → 0 is no change, absent → "no" is nullable_added.
    CHECK(diff(object(R"("a":{"type":"string"})"), object(R"("a":{"type":"string","nullable":0})"))
              .changes.empty());
    CHECK(
        diff(object(R"("a":{"type":"string"})"), object(R"("a":{"type":"string","nullable":"no"})"))
            .changes.size() == 1);
}

TEST_CASE("E20 replace property, compatible under none", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(kIdInt), object(kNameString));
    // Spec 00 fixes the order: properties as they appear in the new schema, then removed ones in
    // old-schema order. (03 §5 lists the reference's removed-before-added order.)
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("property_added", "properties.name", "Property 'name' was added", "null",
                     R"({"type":"string"})"),
              record("property_removed", "properties.id", "Property 'id' was removed",
                     R"({"type":"integer"})", "null")});
    CHECK(result.changeType == ChangeType::Major);
    checkModes(result, {"property_removed"}, {"property_added"},
               {"property_added", "property_removed"});
    CHECK(breakingChanges(result.changes, CompatibilityMode::None).empty());
}

TEST_CASE("E21 array item type", "[schema_diff][example]") {
    const SchemaDiff result = diff(object(R"("tags":{"type":"array","items":{"type":"string"}})"),
                                   object(R"("tags":{"type":"array","items":{"type":"integer"}})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{record("type_changed", "properties.tags.items.type",
                                          "Type changed from 'string' to 'integer'", R"("string")",
                                          R"("integer")")});
    CHECK(result.changeType == ChangeType::Major);
}

TEST_CASE("E22 array item property added", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("items":{"type":"array","items":{"type":"object","properties":{)"
                    R"("id":{"type":"integer"}}}})"),
             object(R"("items":{"type":"array","items":{"type":"object","properties":{)"
                    R"("id":{"type":"integer"},"name":{"type":"string"}}}})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("property_added", "properties.items.items.properties.name",
                     "Property 'name' was added", "null", R"({"type":"string"})")});
    CHECK(result.changeType == ChangeType::Minor);
}

TEST_CASE("E23 ignored keywords", "[schema_diff][example]") {
    const SchemaDiff result =
        diff(object(R"("n":{"type":"string","format":"email","description":"a"})"),
             object(R"("n":{"type":"string","format":"uri","description":"b"})"));
    CHECK(result.changes.empty());
    CHECK(result.changeType == ChangeType::Patch);
    SECTION("every other ignored keyword too") {
        const SchemaDiff others = diff(
            R"({"$id":"a","$schema":"x","title":"t","$ref":"#/definitions/a",)"
            R"("definitions":{"a":{}},"allOf":[{}],"const":1,"examples":[1],"multipleOf":2,)"
            R"("uniqueItems":true,)"
            R"("additionalProperties":true,"minProperties":1,"if":{},"not":{}})",
            R"({"$id":"b","$schema":"y","title":"u","$ref":"#/definitions/b",)"
            R"("definitions":{"b":{}},"anyOf":[{}],"const":2,"examples":[2],"multipleOf":3,)"
            R"("uniqueItems":false,)"
            R"("additionalProperties":false,"maxProperties":1,"then":{},"patternProperties":{}})");
        CHECK(others.changes.empty());
    }
}

// ---- §2 walk details ----

TEST_CASE("paths of §2.1", "[schema_diff]") {
    const SchemaDiff result = diff(
        R"({"type":"object","maxLength":1,)"
        R"("properties":{"address":{"type":"object","required":["a"]}}})",
        R"({"type":"string","maxLength":2,"required":["x"],"nullable":true,"enum":[1],"default":1,)"
        R"("properties":{"address":{"type":"object","required":["b"]}}})");
    CHECK(kinds(result.changes) == Kinds{"required_added", "required_removed", "required_added",
                                         "type_changed", "constraint_relaxed", "enum_values_added",
                                         "default_added", "nullable_added"});
    std::vector<std::string> paths;
    for (const SchemaChange& change : result.changes) paths.push_back(change.path);
    CHECK(paths == std::vector<std::string>{"properties.address.required",
                                            "properties.address.required", "required", "type",
                                            "maxLength", "enum", "default", "nullable"});
    const SchemaDiff items = diff(R"({"type":"array","items":{"maxLength":1}})",
                                  R"({"type":"array","items":{"maxLength":2}})");
    REQUIRE(items.changes.size() == 1);
    CHECK(items.changes[0].path == "items.maxLength");
}

TEST_CASE("properties follow the new schema's order, removed ones last", "[schema_diff]") {
    const SchemaDiff result =
        diff(object(R"("a":{"type":"integer"},"b":{"type":"string"},"c":{"type":"integer"})"),
             object(R"("c":{"type":"number"},"d":{"type":"string"},"a":{"type":"string"})"));
    std::vector<std::string> summary;
    for (const SchemaChange& change : result.changes) {
        summary.push_back(std::string(changeKindName(change.kind)) + " " + change.path);
    }
    CHECK(summary == std::vector<std::string>{
                         "type_widened properties.c.type", "property_added properties.d",
                         "type_changed properties.a.type", "property_removed properties.b"});
}

TEST_CASE("required: one record per name, arrays de-duplicated", "[schema_diff]") {
    const SchemaDiff result =
        diff(R"({"required":["a","b","a","c"]})", R"({"required":["d","c","e","d"]})");
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("required_added", "required", "Field 'd' is now required", R"(["a","b","c"])",
                     R"(["d","c","e"])"),
              record("required_added", "required", "Field 'e' is now required", R"(["a","b","c"])",
                     R"(["d","c","e"])"),
              record("required_removed", "required", "Field 'a' is no longer required",
                     R"(["a","b","c"])", R"(["d","c","e"])"),
              record("required_removed", "required", "Field 'b' is no longer required",
                     R"(["a","b","c"])", R"(["d","c","e"])")});
    CHECK(diff(R"({"required":["a","a"]})", R"({"required":["a"]})").changes.empty());
    // Required changes are independent of whether the property exists.
    CHECK(kinds(diff("{}", R"({"required":["ghost"]})").changes) == Kinds{"required_added"});
}

TEST_CASE("a type change does not stop the walk", "[schema_diff]") {
    const SchemaDiff result =
        diff(object(R"("a":{"type":"object","properties":{"x":{"type":"string"}}})"),
             object(R"("a":{"type":"string"})"));
    CHECK(kinds(result.changes) == Kinds{"property_removed", "type_changed"});
    CHECK(result.changes[0].path == "properties.a.properties.x");
}

TEST_CASE("type keyword presence and null", "[schema_diff]") {
    CHECK(diff(R"({"type":"string"})", "{}").changes.empty());
    CHECK(diff("{}", R"({"type":"string"})").changes.empty());
    CHECK(diff(R"({"type":null})", R"({"type":"string"})").changes.empty());
    CHECK(kinds(diff(R"({"type":"null"})", R"({"type":"string"})").changes) ==
          Kinds{"type_changed"});
    CHECK(kinds(diff(R"({"type":"object"})", R"({"type":"array"})").changes) ==
          Kinds{"type_changed"});
}

TEST_CASE("constraints: all keywords, directions and order", "[schema_diff]") {
    const SchemaDiff result =
        diff(R"({"maxLength":5,"maxItems":5,"maximum":5,"exclusiveMaximum":5,)"
             R"("minLength":5,"minItems":5,"minimum":5,"exclusiveMinimum":5,"pattern":"^a$"})",
             R"({"pattern":"^b$","exclusiveMinimum":4,"minimum":6,"minItems":4.5,"minLength":6,)"
             R"("exclusiveMaximum":4,"maximum":6,"maxItems":4,"maxLength":6})");
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("constraint_relaxed", "maxLength",
                     "Constraint 'maxLength' relaxed from 5 to 6", "5", "6"),
              record("constraint_tightened", "maxItems",
                     "Constraint 'maxItems' tightened from 5 to 4", "5", "4"),
              record("constraint_relaxed", "maximum", "Constraint 'maximum' relaxed from 5 to 6",
                     "5", "6"),
              record("constraint_tightened", "exclusiveMaximum",
                     "Constraint 'exclusiveMaximum' tightened from 5 to 4", "5", "4"),
              record("constraint_tightened", "minLength",
                     "Constraint 'minLength' tightened from 5 to 6", "5", "6"),
              record("constraint_relaxed", "minItems",
                     "Constraint 'minItems' relaxed from 5 to 4.5", "5", "4.5"),
              record("constraint_tightened", "minimum",
                     "Constraint 'minimum' tightened from 5 to 6", "5", "6"),
              record("constraint_relaxed", "exclusiveMinimum",
                     "Constraint 'exclusiveMinimum' relaxed from 5 to 4", "5", "4"),
              record("constraint_tightened", "pattern", "Pattern changed from '^a$' to '^b$'",
                     R"("^a$")", R"("^b$")")});
    SECTION("numbers compare numerically; null is absent") {
        CHECK(diff(R"({"maxLength":10})", R"({"maxLength":10.0})").changes.empty());
        CHECK(diff(R"({"maxLength":null})", "{}").changes.empty());
    }
    SECTION("pattern added and removed") {
        CHECK(records(diff("{}", R"({"pattern":"^x"})").changes) ==
              std::vector<std::string>{record("constraint_tightened", "pattern",
                                              "Constraint 'pattern' was added with value ^x",
                                              "null", R"("^x")")});
        CHECK(kinds(diff(R"({"pattern":"^x"})", "{}").changes) == Kinds{"constraint_relaxed"});
    }
    SECTION("float values render in Python form") {
        CHECK(diff(R"({"maximum":1e16})", R"({"maximum":1.5})").changes[0].message ==
              "Constraint 'maximum' tightened from 1e+16 to 1.5");
    }
    SECTION("non-numeric values (unvalidated schemas) are conservatively tightened") {
        CHECK(records(diff(R"({"maxLength":"10"})", R"({"maxLength":5})").changes) ==
              std::vector<std::string>{record("constraint_tightened", "maxLength",
                                              "Constraint 'maxLength' changed from 10 to 5",
                                              R"("10")", "5")});
    }
}

TEST_CASE("enum: set semantics, both records, keyword added or dropped", "[schema_diff]") {
    CHECK(
        records(diff(R"({"enum":["a","b"]})", R"({"enum":["a","c"]})").changes) ==
        std::vector<std::string>{record("enum_values_added", "enum", "Enum values added: {'c'}",
                                        R"(["a","b"])", R"(["a","c"])"),
                                 record("enum_values_removed", "enum", "Enum values removed: {'b'}",
                                        R"(["a","b"])", R"(["a","c"])")});
    CHECK(records(diff("{}", R"({"enum":[1,"x",null]})").changes) ==
          std::vector<std::string>{record("enum_values_added", "enum",
                                          "Enum values added: {1, 'x', None}", "[]",
                                          R"([1,"x",null])")});
    CHECK(kinds(diff(R"({"enum":[true]})", "{}").changes) == Kinds{"enum_values_removed"});
    CHECK(diff(R"({"enum":["a","a","b"]})", R"({"enum":["b","a"]})").changes.empty());
    CHECK(diff(R"({"enum":[1]})", R"({"enum":[1.0]})").changes.empty());
    CHECK(kinds(diff(R"({"enum":[1]})", R"({"enum":[true]})").changes) ==
          Kinds{"enum_values_added", "enum_values_removed"});
}

TEST_CASE("default: presence-based, null counts, deep equality", "[schema_diff]") {
    CHECK(records(diff(R"({"default":null})", "{}").changes) ==
          std::vector<std::string>{record("default_removed", "default",
                                          "Default value removed (was None)", "null", "null")});
    CHECK(
        records(diff(R"({"default":"x"})", R"({"default":"y"})").changes) ==
        std::vector<std::string>{record("default_changed", "default",
                                        "Default value changed from x to y", R"("x")", R"("y")")});
    CHECK(records(diff("{}", R"({"default":{"a":[1,"b"]}})").changes) ==
          std::vector<std::string>{record("default_added", "default",
                                          "Default value added: {'a': [1, 'b']}", "null",
                                          R"({"a":[1,"b"]})")});
    CHECK(diff(R"({"default":{"a":1,"b":2}})", R"({"default":{"b":2,"a":1.0}})").changes.empty());
    CHECK(kinds(diff(R"({"default":true})", R"({"default":1})").changes) ==
          Kinds{"default_changed"});
}

TEST_CASE("nullable: Python's == decides whether it changed, truthiness which way",
          "[schema_diff]") {
    CHECK(diff("{}", R"({"nullable":false})").changes.empty());
    // None != False in Python: null → absent is a change, and not to a truthy value.
    CHECK(kinds(diff(R"({"nullable":null})", "{}").changes) == Kinds{"nullable_removed"});
    CHECK(diff(R"({"nullable":1})", R"({"nullable":true})").changes.empty());
    CHECK(kinds(diff(R"({"nullable":0})", R"({"nullable":"yes"})").changes) ==
          Kinds{"nullable_added"});
    CHECK(diff(R"({"type":"string"})", R"({"type":["string","null"]})").changes.size() == 1);
    CHECK(kinds(diff(R"({"type":"string"})", R"({"type":["string","null"]})").changes) ==
          Kinds{"type_changed"});
}

TEST_CASE("items are walked only when both sides are type array", "[schema_diff]") {
    CHECK(
        diff(R"({"items":{"type":"string"}})", R"({"items":{"type":"integer"}})").changes.empty());
    CHECK(diff(R"({"type":["array"],"items":{"type":"string"}})",
               R"({"type":["array"],"items":{"type":"integer"}})")
              .changes.empty());
    CHECK(
        kinds(diff(R"({"type":"array"})", R"({"type":"array","items":{"type":"string"}})").changes)
            .empty());
    CHECK(
        kinds(diff(R"({"type":"array","items":{"maxItems":1}})", R"({"type":"array"})").changes) ==
        Kinds{"constraint_relaxed"});
}

TEST_CASE("unicode and dotted property names are used verbatim", "[schema_diff]") {
    const SchemaDiff result = diff(object(R"("名前":{"type":"string"})"),
                                   object(R"("名前":{"type":"integer"},"a.b":{},"it's":{})"));
    CHECK(records(result.changes) ==
          std::vector<std::string>{
              record("type_changed", "properties.名前.type",
                     "Type changed from 'string' to 'integer'", R"("string")", R"("integer")"),
              record("property_added", "properties.a.b", "Property 'a.b' was added", "null", "{}"),
              record("property_added", "properties.it's", "Property 'it's' was added", "null",
                     "{}")});
}

// ---- §2.10 inputs the original could not handle ----

TEST_CASE("boolean subschemas are walked as {}", "[schema_diff][unsupported]") {
    CHECK(diff(object(R"("x":true)"), object(R"("x":false)")).changes.empty());
    CHECK(diff(object(R"("x":true)"), object(R"("x":{"type":"string"})")).changes.empty());
    CHECK(records(diff(object(""), object(R"("x":true)")).changes) ==
          std::vector<std::string>{
              record("property_added", "properties.x", "Property 'x' was added", "null", "true")});
    CHECK(diff("true", "false").changes.empty());
    CHECK(kinds(diff("true", R"({"required":["a"]})").changes) == Kinds{"required_added"});
}

TEST_CASE("tuple-form items are walked as {}", "[schema_diff][unsupported]") {
    CHECK(diff(R"({"type":"array","items":[{"type":"string"}]})",
               R"({"type":"array","items":[{"type":"integer"}]})")
              .changes.empty());
    CHECK(kinds(diff(R"({"type":"array","items":[{"type":"string"}]})",
                     R"({"type":"array","items":{"maxLength":3}})")
                    .changes) == Kinds{"constraint_tightened"});
}

TEST_CASE("array-valued types that differ give type_changed", "[schema_diff][unsupported]") {
    CHECK(diff(R"({"type":["string","null"]})", R"({"type":["string","null"]})").changes.empty());
    CHECK(records(diff(R"({"type":["string","null"]})", R"({"type":"string"})").changes) ==
          std::vector<std::string>{record("type_changed", "type",
                                          "Type changed from '['string', 'null']' to 'string'",
                                          R"(["string","null"])", R"("string")")});
    CHECK(kinds(diff(R"({"type":["null","string"]})", R"({"type":["string","null"]})").changes) ==
          Kinds{"type_changed"});
}

TEST_CASE("object and array enum members compare deeply", "[schema_diff][unsupported]") {
    CHECK(
        records(
            diff(R"({"enum":[{"a":1},[1,2]]})", R"({"enum":[{"a":1.0},[1,2],{"b":2}]})").changes) ==
        std::vector<std::string>{record("enum_values_added", "enum",
                                        "Enum values added: {{'b': 2}}", R"([{"a":1},[1,2]])",
                                        R"([{"a":1.0},[1,2],{"b":2}])")});
}

TEST_CASE("garbage shapes never throw", "[schema_diff][unsupported]") {
    for (const char* schema :
         {R"({"properties":[1,2]})", R"({"properties":null})", R"({"required":"a"})",
          R"({"required":[1,{"x":1}]})", R"({"enum":"abc"})", R"({"type":5})", R"([1,2])",
          R"("text")", R"({"items":5,"type":"array"})", R"({"nullable":[]})"}) {
        INFO(schema);
        CHECK_NOTHROW(diff(schema, R"({"type":"object","required":["a"],"enum":[1]})"));
        CHECK_NOTHROW(diff(R"({"type":"object","required":["a"],"enum":[1]})", schema));
    }
    CHECK(records(diff(R"({"required":[1]})", R"({"required":[]})").changes) ==
          std::vector<std::string>{record("required_removed", "required",
                                          "Field '1' is no longer required", "[1]", "[]")});
}

TEST_CASE("deep nesting", "[schema_diff]") {
    SECTION("a change 100 levels down") {
        const SchemaDiff result = diff(nestedProperties(100, R"({"type":"string"})"),
                                       nestedProperties(100, R"({"type":"integer"})"));
        REQUIRE(result.changes.size() == 1);
        std::string path;
        for (int i = 0; i < 100; ++i) path += "properties.n.";
        CHECK(result.changes[0].path == path + "type");
    }
    SECTION("past the nesting limit is a typed error, not a crash") {
        const std::string deep = nestedProperties(200, "{}");
        REQUIRE(exceedsNestingDepth(parse(deep), kMaxSchemaNestingDepth));
        CHECK_THROWS_AS(diff(deep, "{}"), SchemaInputError);
        CHECK_THROWS_AS(diff("{}", deep), SchemaInputError);
        try {
            diff("{}", deep);
        } catch (const SchemaInputError& error) {
            CHECK(error.field() == "schema");
            CHECK(error.status() == 422);
            CHECK(error.code() == "VALIDATION_ERROR");
            CHECK(error.message() == "schema: nesting exceeds the maximum depth of 256");
        }
    }
}

// How long this takes is measured by benchmarks/schema_diff_bench, not asserted here.
TEST_CASE("large schemas: every property and enum change is reported", "[schema_diff]") {
    std::string oldProperties, newProperties, oldEnum, newEnum;
    for (int i = 0; i < 20000; ++i) {
        oldProperties += (i ? ",\"o" : "\"o") + std::to_string(i) + "\":{}";
        newProperties += (i ? ",\"n" : "\"n") + std::to_string(i) + "\":{}";
        oldEnum += (i ? "," : "") + std::to_string(i);
        newEnum += (i ? "," : "") + std::to_string(i + 1);
    }
    const SchemaDiff result = diff(object(oldProperties, R"("enum":[)" + oldEnum + "]"),
                                   object(newProperties, R"("enum":[)" + newEnum + "]"));
    CHECK(result.changes.size() == 40002);
}

// ---- §3 / §4 ----

TEST_CASE("complete kind × mode table and change_type contribution (§4.1)", "[schema_diff]") {
    struct Row {
        ChangeKind kind;
        bool backward, forward;
        ChangeType alone;
    };
    const Row table[] = {
        {ChangeKind::PropertyAdded, false, true, ChangeType::Minor},
        {ChangeKind::PropertyRemoved, true, false, ChangeType::Major},
        {ChangeKind::PropertyRenamed, true, true, ChangeType::Major},
        {ChangeKind::TypeChanged, true, true, ChangeType::Major},
        {ChangeKind::TypeWidened, false, true, ChangeType::Patch},
        {ChangeKind::TypeNarrowed, true, false, ChangeType::Major},
        {ChangeKind::RequiredAdded, true, false, ChangeType::Major},
        {ChangeKind::RequiredRemoved, false, true, ChangeType::Patch},
        {ChangeKind::EnumValuesAdded, false, true, ChangeType::Minor},
        {ChangeKind::EnumValuesRemoved, true, false, ChangeType::Major},
        {ChangeKind::ConstraintTightened, true, false, ChangeType::Major},
        {ChangeKind::ConstraintRelaxed, false, true, ChangeType::Patch},
        {ChangeKind::DefaultAdded, false, true, ChangeType::Minor},
        {ChangeKind::DefaultRemoved, true, false, ChangeType::Major},
        {ChangeKind::DefaultChanged, false, false, ChangeType::Patch},
        {ChangeKind::NullableAdded, false, true, ChangeType::Minor},
        {ChangeKind::NullableRemoved, true, false, ChangeType::Major},
    };
    for (const Row& row : table) {
        INFO(changeKindName(row.kind));
        CHECK(isBreaking(row.kind, CompatibilityMode::Backward) == row.backward);
        CHECK(isBreaking(row.kind, CompatibilityMode::Forward) == row.forward);
        CHECK(isBreaking(row.kind, CompatibilityMode::Full) == (row.backward || row.forward));
        CHECK_FALSE(isBreaking(row.kind, CompatibilityMode::None));
        CHECK(isBreaking(row.kind, CompatibilityMode::BackwardTransitive) == row.backward);
        CHECK(isBreaking(row.kind, CompatibilityMode::ForwardTransitive) == row.forward);
        CHECK(isBreaking(row.kind, CompatibilityMode::FullTransitive) ==
              (row.backward || row.forward));
        SchemaChange change;
        change.kind = row.kind;
        CHECK(deriveChangeType({change}) == row.alone);
        CHECK(parseChangeKind(changeKindName(row.kind)) == row.kind);
    }
    CHECK(std::size(table) == 17);
    CHECK_FALSE(parseChangeKind("property_moved"));
}

TEST_CASE("change_type: major beats minor beats patch", "[schema_diff]") {
    auto of = [](std::initializer_list<ChangeKind> list) {
        std::vector<SchemaChange> changes;
        for (ChangeKind kind : list) changes.push_back({kind, "", "", "null", "null"});
        return deriveChangeType(changes);
    };
    CHECK(of({}) == ChangeType::Patch);
    CHECK(of({ChangeKind::TypeWidened, ChangeKind::RequiredRemoved, ChangeKind::ConstraintRelaxed,
              ChangeKind::DefaultChanged}) == ChangeType::Patch);
    CHECK(of({ChangeKind::DefaultChanged, ChangeKind::NullableAdded}) == ChangeType::Minor);
    CHECK(of({ChangeKind::PropertyAdded, ChangeKind::NullableRemoved}) == ChangeType::Major);
    CHECK(changeTypeName(ChangeType::Patch) == "patch");
    CHECK(changeTypeName(ChangeType::Minor) == "minor");
    CHECK(changeTypeName(ChangeType::Major) == "major");
}

TEST_CASE("compatibility mode names", "[schema_diff]") {
    const std::vector<std::string> expected{
        "backward",           "forward",        "full", "none", "backward_transitive",
        "forward_transitive", "full_transitive"};
    std::vector<std::string> names;
    for (CompatibilityMode mode : allCompatibilityModes()) {
        names.emplace_back(compatibilityModeName(mode));
        CHECK(parseCompatibilityMode(compatibilityModeName(mode)) == mode);
    }
    CHECK(names == expected);
    CHECK_FALSE(parseCompatibilityMode("Backward"));
    CHECK_FALSE(parseCompatibilityMode(""));
    CHECK(kDefaultCompatibilityMode == CompatibilityMode::Backward);
    CHECK(isTransitive(CompatibilityMode::FullTransitive));
    CHECK_FALSE(isTransitive(CompatibilityMode::Full));
    CHECK(baseMode(CompatibilityMode::ForwardTransitive) == CompatibilityMode::Forward);
    CHECK(baseMode(CompatibilityMode::None) == CompatibilityMode::None);
}

// ---- transitive modes ----

TEST_CASE("checkAgainstHistory", "[schema_diff][transitive]") {
    // v1 has a, b; v2 dropped b (already a breaking step) and has a, c; candidate has a only.
    const auto v1 = parse(object(R"("a":{"type":"string"},"b":{"type":"string"})"));
    const auto v2 = parse(object(R"("a":{"type":"string"},"c":{"type":"integer"})"));
    const auto candidate = parse(object(R"("a":{"type":"string"})"));
    const std::vector<const rapidjson::Value*> history{&v1, &v2};

    SECTION("a non-transitive mode checks only the active (last) schema") {
        const HistoryCheck check =
            checkAgainstHistory(history, candidate, CompatibilityMode::Backward);
        CHECK(records(check.breakingChanges) ==
              records(breakingChanges(diffSchemas(v2, candidate).changes,
                                      CompatibilityMode::Backward)));
        REQUIRE(check.breakingByVersion.size() == 2);
        CHECK(check.breakingByVersion[0].empty());
        CHECK(kinds(check.breakingByVersion[1]) == Kinds{"property_removed"});
        CHECK_FALSE(check.compatible());
    }
    SECTION("a transitive mode checks every earlier schema, newest first") {
        const HistoryCheck check =
            checkAgainstHistory(history, candidate, CompatibilityMode::BackwardTransitive);
        std::vector<std::string> paths;
        for (const SchemaChange& change : check.breakingChanges) paths.push_back(change.path);
        CHECK(paths == std::vector<std::string>{"properties.c", "properties.b"});
        CHECK(kinds(check.breakingByVersion[0]) == Kinds{"property_removed"});
        CHECK(kinds(check.breakingByVersion[1]) == Kinds{"property_removed"});
    }
    SECTION("the same change against several versions is listed once") {
        const auto v3 = parse(object(R"("a":{"type":"string"},"c":{"type":"integer"})"));
        const std::vector<const rapidjson::Value*> three{&v1, &v2, &v3};
        const HistoryCheck check =
            checkAgainstHistory(three, candidate, CompatibilityMode::FullTransitive);
        std::vector<std::string> paths;
        for (const SchemaChange& change : check.breakingChanges) paths.push_back(change.path);
        CHECK(paths == std::vector<std::string>{"properties.c", "properties.b"});
        CHECK(check.breakingByVersion[1].size() == 1);
        CHECK(check.breakingByVersion[2].size() == 1);
    }
    SECTION("records that differ between versions are all kept") {
        const auto w1 = parse(object(R"("a":{"type":"string","maxLength":10})"));
        const auto w2 = parse(object(R"("a":{"type":"string","maxLength":8})"));
        const auto narrow = parse(object(R"("a":{"type":"string","maxLength":5})"));
        const std::vector<const rapidjson::Value*> ws{&w1, &w2};
        const HistoryCheck check =
            checkAgainstHistory(ws, narrow, CompatibilityMode::BackwardTransitive);
        REQUIRE(check.breakingChanges.size() == 2);
        CHECK(check.breakingChanges[0].message == "Constraint 'maxLength' tightened from 8 to 5");
        CHECK(check.breakingChanges[1].message == "Constraint 'maxLength' tightened from 10 to 5");
    }
    SECTION("compatible with every version, and mode none") {
        const auto superset = parse(
            object(R"("a":{"type":"string"},"b":{"type":"string"},"c":{"type":"integer"},"d":{})"));
        CHECK(checkAgainstHistory(history, superset, CompatibilityMode::BackwardTransitive)
                  .compatible());
        CHECK_FALSE(checkAgainstHistory(history, superset, CompatibilityMode::ForwardTransitive)
                        .compatible());
        CHECK(checkAgainstHistory(history, candidate, CompatibilityMode::None).compatible());
    }
    SECTION("empty history and null entries") {
        CHECK(checkAgainstHistory({}, candidate, CompatibilityMode::FullTransitive).compatible());
        const std::vector<const rapidjson::Value*> withNull{nullptr, &v2};
        const HistoryCheck check =
            checkAgainstHistory(withNull, candidate, CompatibilityMode::BackwardTransitive);
        CHECK(check.breakingChanges.size() == 1);
    }
}

// ---- JSON forms ----

TEST_CASE("change record and reduced proposal form", "[schema_diff][json]") {
    const SchemaDiff result = diff(object(kIdInt + "," + kNameString), object(kIdInt));
    CHECK(changesToJson(result.changes) ==
          R"([{"type":"property_removed","path":"properties.name","message":"Property 'name' was )"
          R"(removed","old_value":{"type":"string"},"new_value":null}])");
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writer.StartArray();
    for (const SchemaChange& change : result.changes) {
        writeReducedChangeJson(writer, changeKindName(change.kind));
    }
    writer.EndArray();
    CHECK(std::string(buffer.GetString()) ==
          R"([{"type":"property_removed","column":null,"details":{}}])");
    CHECK(changesToJson({}) == "[]");
}

TEST_CASE("record JSON escapes and keeps raw values", "[schema_diff][json]") {
    SchemaChange change{ChangeKind::DefaultChanged, "properties.\"q\"", "line\nbreak",
                        R"({"k":[1,2.5,"é"]})", "-0.0"};
    CHECK(recordJson(change) ==
          R"({"type":"default_changed","path":"properties.\"q\"","message":"line\nbreak",)"
          R"("old_value":{"k":[1,2.5,"é"]},"new_value":-0.0})");
    SchemaChange defaults;
    CHECK(recordJson(defaults) ==
          R"({"type":"property_added","path":"","message":"","old_value":null,"new_value":null})");
    // Stored records round-trip through the writer untouched.
    const auto stored = parse(changesToJson({change}));
    CHECK(std::string(stored[0]["path"].GetString()) == "properties.\"q\"");
}

TEST_CASE("stored records: the schema changes of a proposal's list, guarantee records skipped",
          "[schema_diff]") {
    const auto changes = storedSchemaChanges(
        R"([{"type":"property_removed","path":"properties.email","message":"m"},)"
        R"({"type":"not_null_removed","path":"nullability.email","severity":"warning"},)"
        R"({"type":"type_changed"},"odd",{"type":"required_added","path":"required"}])");
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].kind == ChangeKind::PropertyRemoved);
    CHECK(changes[0].path == "properties.email");
    CHECK(changes[1].kind == ChangeKind::RequiredAdded);
    CHECK(changes[1].path == "required");
    CHECK(storedSchemaChanges("{}").empty());
    CHECK(storedSchemaChanges("[]").empty());
}
