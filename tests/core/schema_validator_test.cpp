// Draft-07 meta-schema validation (spec 01 §13) and schema limits (01 §15). Expected strings
// were cross-checked against Python jsonschema 4.26, which the original service used.
#include "core/schema_validator.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;
using Errors = std::vector<std::string>;

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseFullPrecisionFlag>(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

Errors validate(const std::string& json) {
    return validateJsonSchema(parse(json));
}

// {"properties": {"p0": {}, …}} with `count` entries, optionally typed "object".
std::string schemaWithProperties(int count, bool typedObject) {
    std::string json = typedObject ? R"({"type":"object","properties":{)" : R"({"properties":{)";
    for (int i = 0; i < count; ++i) json += (i ? ",\"p" : "\"p") + std::to_string(i) + "\":{}";
    return json + "}}";
}

// {"description":"xxx…"} whose compact serialization is exactly `size` characters.
std::string schemaOfSize(std::size_t size) {
    const std::string overhead = R"({"description":""})";
    return R"({"description":")" + std::string(size - overhead.size(), 'x') + "\"}";
}

std::string nestedItems(int depth) {
    std::string json;
    for (int i = 0; i < depth; ++i) json += R"({"items":)";
    json += "{}";
    for (int i = 0; i < depth; ++i) json += "}";
    return json;
}

}  // namespace

TEST_CASE("01 §13 examples", "[schema_validator]") {
    CHECK(validate(R"({"properties":{"id":{"type":"not_a_type"}}})") ==
          Errors{"properties.id.type: 'not_a_type' is not valid under any of the given schemas"});
    CHECK(validate(R"({"required":"id"})") == Errors{"required: 'id' is not of type 'array'"});
    CHECK(validate(R"({"items":[{"type":"x"}]})") ==
          Errors{"items: [{'type': 'x'}] is not valid under any of the given schemas"});
    CHECK(validate(R"({"required":[1]})") == Errors{"required.0: 1 is not of type 'string'"});
    CHECK(validate(R"({"properties":{"a":{"properties":{"b":{"type":5}}}}})") ==
          Errors{"properties.a.properties.b.type: 5 is not valid under any of the given schemas"});
}

TEST_CASE("valid schemas produce no errors", "[schema_validator]") {
    for (const char* schema : {
             R"({})",
             R"({"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]})",
             R"({"$schema":"http://json-schema.org/draft-04/schema#","type":["string","null"]})",
             R"({"properties":{"x":true,"y":false},"additionalProperties":false})",
             R"({"items":[{"type":"string"},true],"additionalItems":false})",
             R"({"enum":[]})",
             R"({"enum":[1,1,"a","a"]})",
             R"({"maxLength":3.0,"minItems":0,"multipleOf":0.5})",
             R"({"pattern":"([unclosed","format":"not-a-format","$id":"not a uri"})",
             R"({"x-unknown":{"type":"nonsense"},"nullable":true})",
             R"({"dependencies":{"a":["b","c"],"b":{"required":["a"]}}})",
             R"({"if":{},"then":true,"else":false,"not":{"type":"null"}})",
             R"({"$ref":"#/definitions/a","definitions":{"a":{"type":"string"}}})",
         }) {
        INFO(schema);
        CHECK(validate(schema).empty());
    }
    CHECK(validateJsonSchema(parse("true")).empty());
}

TEST_CASE("every message form of 01 §13.3", "[schema_validator]") {
    CHECK(validate(R"({"title":5})") == Errors{"title: 5 is not of type 'string'"});
    CHECK(validate(R"({"readOnly":"yes"})") == Errors{"readOnly: 'yes' is not of type 'boolean'"});
    CHECK(validate(R"({"enum":"a"})") == Errors{"enum: 'a' is not of type 'array'"});
    CHECK(validate(R"({"maximum":"10"})") == Errors{"maximum: '10' is not of type 'number'"});
    CHECK(validate(R"({"maxLength":1.5})") == Errors{"maxLength: 1.5 is not of type 'integer'"});
    CHECK(validate(R"({"not":5})") == Errors{"not: 5 is not of type 'object', 'boolean'"});
    CHECK(validate(R"({"minLength":-1})") == Errors{"minLength: -1 is less than the minimum of 0"});
    CHECK(validate(R"({"multipleOf":0})") ==
          Errors{"multipleOf: 0 is less than or equal to the minimum of 0"});
    CHECK(validate(R"({"required":["a","a"]})") ==
          Errors{"required: ['a', 'a'] has non-unique elements"});
    CHECK(validate(R"({"anyOf":[]})") == Errors{"anyOf: [] should be non-empty"});
    CHECK(validate(R"({"dependencies":{"a":["b","b"]}})") ==
          Errors{"dependencies.a: ['b', 'b'] is not valid under any of the given schemas"});
}

TEST_CASE("booleans are not numbers and integral floats are integers", "[schema_validator]") {
    CHECK(validate(R"({"minimum":true})") == Errors{"minimum: True is not of type 'number'"});
    CHECK(validate(R"({"maxItems":false})") == Errors{"maxItems: False is not of type 'integer'"});
    CHECK(validate(R"({"maxItems":1e2})").empty());
    CHECK(validate(R"({"maxItems":-0.0})").empty());
    CHECK(validate(R"({"maxLength":-1.5})") ==
          Errors{"maxLength: -1.5 is not of type 'integer'",
                 "maxLength: -1.5 is less than the minimum of 0"});
    CHECK(validate(R"({"multipleOf":-0.5})") ==
          Errors{"multipleOf: -0.5 is less than or equal to the minimum of 0"});
}

TEST_CASE("errors follow meta-schema keyword order, not input order", "[schema_validator]") {
    CHECK(validate(R"({"type":"bogus","required":"x","maxLength":-1,"title":1,"allOf":[]})") ==
          Errors{"title: 1 is not of type 'string'", "maxLength: -1 is less than the minimum of 0",
                 "required: 'x' is not of type 'array'",
                 "type: 'bogus' is not valid under any of the given schemas",
                 "allOf: [] should be non-empty"});
    SECTION("items of a string array before its uniqueness") {
        CHECK(validate(R"({"required":["a",1,"a"]})") ==
              Errors{"required.1: 1 is not of type 'string'",
                     "required: ['a', 1, 'a'] has non-unique elements"});
    }
    SECTION("depth-first through subschemas, map members in input order") {
        CHECK(validate(R"({"properties":{"b":{"title":1},"a":{"title":2}},"not":{"title":3}})") ==
              Errors{"properties.b.title: 1 is not of type 'string'",
                     "properties.a.title: 2 is not of type 'string'",
                     "not.title: 3 is not of type 'string'"});
    }
    SECTION("array members by index") {
        CHECK(validate(R"({"oneOf":[{},{"type":[]},7]})") ==
              Errors{"oneOf.1.type: [] is not valid under any of the given schemas",
                     "oneOf.2: 7 is not of type 'object', 'boolean'"});
    }
}

TEST_CASE("anyOf keywords report one error at their own path", "[schema_validator]") {
    // A bad subschema under `items` fails both alternatives, so only `items` is reported.
    CHECK(validate(R"({"items":{"type":"x","title":1}})") ==
          Errors{"items: {'type': 'x', 'title': 1} is not valid under any of the given schemas"});
    CHECK(validate(R"({"items":[]})") ==
          Errors{"items: [] is not valid under any of the given schemas"});
    CHECK(validate(R"({"type":["string","string"]})") ==
          Errors{"type: ['string', 'string'] is not valid under any of the given schemas"});
    CHECK(validate(R"({"type":[]})") ==
          Errors{"type: [] is not valid under any of the given schemas"});
    CHECK(validate(R"({"dependencies":{"a":{"type":1}}})") ==
          Errors{"dependencies.a: {'type': 1} is not valid under any of the given schemas"});
}

TEST_CASE("non-object maps and non-schema values", "[schema_validator]") {
    CHECK(validate(R"({"properties":[]})") == Errors{"properties: [] is not of type 'object'"});
    CHECK(validate(R"({"definitions":{"a":null}})") ==
          Errors{"definitions.a: None is not of type 'object', 'boolean'"});
    CHECK(validate(R"({"dependencies":"a"})") ==
          Errors{"dependencies: 'a' is not of type 'object'"});
    CHECK(validateJsonSchema(parse("5")) == Errors{"root: 5 is not of type 'object', 'boolean'"});
    CHECK(validateJsonSchema(parse("[]")) == Errors{"root: [] is not of type 'object', 'boolean'"});
}

TEST_CASE("rendered values and unicode paths", "[schema_validator]") {
    CHECK(validate(R"({"properties":{"名前":{"title":"it's"},"b":{"title":["a\n"]}}})") ==
          Errors{"properties.b.title: ['a\\n'] is not of type 'string'"});
    CHECK(validate(R"({"properties":{"名前":{"title":{"k":1e16}}}})") ==
          Errors{"properties.名前.title: {'k': 1e+16} is not of type 'string'"});
    CHECK(validate(R"({"properties":{"a.b":{"type":"it's"}}})") ==
          Errors{R"(properties.a.b.type: "it's" is not valid under any of the given schemas)"});
}

TEST_CASE("deep nesting is validated, over-deep nesting is refused", "[schema_validator]") {
    CHECK(validate(nestedItems(120)).empty());
    CHECK_FALSE(exceedsNestingDepth(parse(nestedItems(255)), kMaxSchemaNestingDepth));
    CHECK(exceedsNestingDepth(parse(nestedItems(256)), kMaxSchemaNestingDepth));
    CHECK(validate(nestedItems(400)) ==
          Errors{"root: schema nesting exceeds the maximum depth of 256"});
    // Deep errors surface at the outermost `items`.
    std::string bad = nestedItems(50);
    bad.replace(bad.find("{}"), 2, R"({"type":1})");
    const Errors errors = validate(bad);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].rfind("items: {'items': ", 0) == 0);
}

TEST_CASE("invalidSchemaMessage joins errors with '; '", "[schema_validator]") {
    CHECK(invalidSchemaMessage({"a: x", "b: y"}) == "Invalid JSON Schema: a: x; b: y");
}

TEST_CASE("serialized size is Python's compact ensure_ascii length", "[schema_validator]") {
    CHECK(schemaSerializedSize(parse(R"({"type":"object"})")) == 17);
    CHECK(schemaSerializedSize(parse(R"({ "a" : [ 1 , 2 ] })")) == 11);
    // é → \u00e9 (6), 😀 → \ud83d\ude00 (12), \n → 2, \u0001 → 6.
    CHECK(schemaSerializedSize(parse("{\"\xC3\xA9\":\"\xF0\x9F\x98\x80\"}")) == 1 + 8 + 1 + 14 + 1);
    CHECK(schemaSerializedSize(parse(R"({"a":"\n\u0001\"\\"})")) == 5 + 2 + 6 + 2 + 2 + 2 + 1);
    // Floats count in Python's repr form: 1e+16, 10.0.
    CHECK(schemaSerializedSize(parse(R"({"m":1e16,"n":10.0})")) == 20);
    CHECK(schemaSerializedSize(parse(R"({"a":true,"b":false,"c":null,"d":[],"e":{}})")) == 43);
    CHECK(schemaSerializedSize(parse(schemaOfSize(1'234'567))) == 1'234'567);
}

TEST_CASE("size limit at and past the boundary", "[schema_validator]") {
    const SchemaLimits defaults;
    CHECK_FALSE(checkSchemaLimits(parse(schemaOfSize(1'000'000)), defaults));
    CHECK(checkSchemaLimits(parse(schemaOfSize(1'000'001)), defaults) ==
          "Schema too large. Maximum size: 1,000,000 bytes (0MB). Current size: 1,000,001 bytes.");
    CHECK(checkSchemaLimits(parse(schemaOfSize(1'234'567)), defaults) ==
          "Schema too large. Maximum size: 1,000,000 bytes (0MB). Current size: 1,234,567 bytes.");
    const SchemaLimits fiveMegabytes{5 * 1024 * 1024, 1000};
    CHECK(checkSchemaLimits(parse(schemaOfSize(5 * 1024 * 1024 + 1)), fiveMegabytes) ==
          "Schema too large. Maximum size: 5,242,880 bytes (5MB). Current size: 5,242,881 bytes.");
    const SchemaLimits tiny{17, 1000};
    CHECK_FALSE(checkSchemaLimits(parse(R"({"type":"object"})"), tiny));
    CHECK(checkSchemaLimits(parse(R"({"type":"objects"})"), tiny) ==
          "Schema too large. Maximum size: 17 bytes (0MB). Current size: 18 bytes.");
}

TEST_CASE("property-count limit applies to typed top-level objects only", "[schema_validator]") {
    const SchemaLimits defaults;
    CHECK_FALSE(checkSchemaLimits(parse(schemaWithProperties(1000, true)), defaults));
    CHECK(checkSchemaLimits(parse(schemaWithProperties(1001, true)), defaults) ==
          "Too many properties in schema. Maximum: 1000. Found: 1001.");
    CHECK_FALSE(checkSchemaLimits(parse(schemaWithProperties(1001, false)), defaults));
    const std::string nested =
        R"({"type":"object","properties":{"n":)" + schemaWithProperties(1001, true) + "}}";
    CHECK_FALSE(checkSchemaLimits(parse(nested), defaults));
    const SchemaLimits two{1'000'000, 2};
    CHECK(checkSchemaLimits(parse(R"({"type":"object","properties":[1,2,3]})"), two) ==
          "Too many properties in schema. Maximum: 2. Found: 3.");
    CHECK_FALSE(checkSchemaLimits(parse(R"({"type":"object","properties":null})"), two));
    SECTION("size is checked first") {
        const SchemaLimits both{10, 1};
        CHECK(
            checkSchemaLimits(parse(schemaWithProperties(2, true)), both)->rfind("Schema too", 0) ==
            0);
    }
}
