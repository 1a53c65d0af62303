#include "core/schema_validator.hpp"

#include <array>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "core/json_dumps_length.hpp"
#include "core/python_repr.hpp"
#include "core/text.hpp"

namespace tessera::core {
namespace {

using rapidjson::Value;

// What the Draft-07 meta-schema requires of one keyword's value.
enum class Rule {
    Anything,             // `true` in the meta-schema (default, const)
    String,               // {"type": "string"}
    Boolean,              // {"type": "boolean"}
    Array,                // {"type": "array", "items": true}
    Number,               // {"type": "number"}
    PositiveNumber,       // {"type": "number", "exclusiveMinimum": 0}
    NonNegativeInteger,   // #/definitions/nonNegativeInteger (and its Default0 variant)
    Schema,               // {"$ref": "#"}
    SchemaOrSchemaArray,  // items: anyOf [#, schemaArray]
    SchemaArray,          // #/definitions/schemaArray
    StringArray,          // #/definitions/stringArray
    SchemaMap,            // {"type": "object", "additionalProperties": {"$ref": "#"}}
    DependencyMap,        // dependencies: values anyOf [#, stringArray]
    TypeName,             // type: anyOf [simpleTypes, non-empty unique array of simpleTypes]
};

struct KeywordRule {
    std::string_view keyword;
    Rule rule;
};

// The meta-schema's `properties`, in its order: the order errors are reported in.
constexpr std::array<KeywordRule, 45> kKeywordRules{{
    {"$id", Rule::String},
    {"$schema", Rule::String},
    {"$ref", Rule::String},
    {"$comment", Rule::String},
    {"title", Rule::String},
    {"description", Rule::String},
    {"default", Rule::Anything},
    {"readOnly", Rule::Boolean},
    {"examples", Rule::Array},
    {"multipleOf", Rule::PositiveNumber},
    {"maximum", Rule::Number},
    {"exclusiveMaximum", Rule::Number},
    {"minimum", Rule::Number},
    {"exclusiveMinimum", Rule::Number},
    {"maxLength", Rule::NonNegativeInteger},
    {"minLength", Rule::NonNegativeInteger},
    {"pattern", Rule::String},
    {"additionalItems", Rule::Schema},
    {"items", Rule::SchemaOrSchemaArray},
    {"maxItems", Rule::NonNegativeInteger},
    {"minItems", Rule::NonNegativeInteger},
    {"uniqueItems", Rule::Boolean},
    {"contains", Rule::Schema},
    {"maxProperties", Rule::NonNegativeInteger},
    {"minProperties", Rule::NonNegativeInteger},
    {"required", Rule::StringArray},
    {"additionalProperties", Rule::Schema},
    {"definitions", Rule::SchemaMap},
    {"properties", Rule::SchemaMap},
    {"patternProperties", Rule::SchemaMap},
    {"dependencies", Rule::DependencyMap},
    {"propertyNames", Rule::Schema},
    {"const", Rule::Anything},
    {"enum", Rule::Array},
    {"type", Rule::TypeName},
    {"format", Rule::String},
    {"contentMediaType", Rule::String},
    {"contentEncoding", Rule::String},
    {"if", Rule::Schema},
    {"then", Rule::Schema},
    {"else", Rule::Schema},
    {"allOf", Rule::SchemaArray},
    {"anyOf", Rule::SchemaArray},
    {"oneOf", Rule::SchemaArray},
    {"not", Rule::Schema},
}};

constexpr std::array<std::string_view, 7> kSimpleTypes{"array",  "boolean", "integer", "null",
                                                       "number", "object",  "string"};

const std::unordered_map<std::string_view, std::size_t>& keywordPositions() {
    static const auto positions = [] {
        std::unordered_map<std::string_view, std::size_t> map;
        for (std::size_t i = 0; i < kKeywordRules.size(); ++i)
            map.emplace(kKeywordRules[i].keyword, i);
        return map;
    }();
    return positions;
}

// Python jsonschema's "integer": an int, or a float with zero fraction (3.0).
bool isInteger(const Value& value) {
    if (!value.IsNumber()) return false;
    if (!value.IsDouble()) return true;
    const double d = value.GetDouble();
    return std::isfinite(d) && std::floor(d) == d;
}

bool isNegative(const Value& number) {
    if (number.IsDouble()) return number.GetDouble() < 0;
    return !number.IsUint64() && number.GetInt64() < 0;
}

bool isSimpleType(const Value& value) {
    if (!value.IsString()) return false;
    const std::string_view name = stringView(value);
    for (std::string_view simple : kSimpleTypes) {
        if (name == simple) return true;
    }
    return false;
}

bool isSimpleTypeArray(const Value& value) {
    if (!value.IsArray() || value.Empty()) return false;
    for (const Value& element : value.GetArray()) {
        if (!isSimpleType(element)) return false;
    }
    return distinctElements(value).size() == value.Size();
}

// Walks one value against the meta-schema. With an error list it records every violation with
// its message; without one it only decides validity and stops at the first violation (used
// inside anyOf, whose branches' messages are never shown).
class MetaSchemaCheck {
  public:
    explicit MetaSchemaCheck(std::vector<std::string>* errors) : errors_(errors) {}

    bool failed() const { return failed_; }

    // {"$ref": "#"}: an object or boolean, whose keywords are checked in meta-schema order.
    void checkSchema(const Value& value) {
        if (!value.IsObject() && !value.IsBool()) {
            fail(value, " is not of type 'object', 'boolean'");
            return;
        }
        if (value.IsBool()) return;
        std::array<const Value*, kKeywordRules.size()> present{};
        const auto& positions = keywordPositions();
        for (const DictItem& item : dictItems(value)) {
            if (auto found = positions.find(item.key); found != positions.end()) {
                present[found->second] = item.value;
            }
        }
        for (std::size_t i = 0; i < kKeywordRules.size() && !done(); ++i) {
            if (present[i] == nullptr) continue;
            const std::size_t mark = enter(kKeywordRules[i].keyword);
            checkRule(kKeywordRules[i].rule, *present[i]);
            leave(mark);
        }
    }

    void checkSchemaArray(const Value& value) {
        if (!value.IsArray()) {
            fail(value, " is not of type 'array'");
            return;
        }
        if (value.Empty()) fail(value, " should be non-empty");
        for (rapidjson::SizeType i = 0; i < value.Size() && !done(); ++i) {
            const std::size_t mark = enter(std::to_string(i));
            checkSchema(value[i]);
            leave(mark);
        }
    }

    void checkStringArray(const Value& value) {
        if (!value.IsArray()) {
            fail(value, " is not of type 'array'");
            return;
        }
        for (rapidjson::SizeType i = 0; i < value.Size() && !done(); ++i) {
            if (value[i].IsString()) continue;
            const std::size_t mark = enter(std::to_string(i));
            fail(value[i], " is not of type 'string'");
            leave(mark);
        }
        if (!done() && distinctElements(value).size() != value.Size()) {
            fail(value, " has non-unique elements");
        }
    }

  private:
    static bool isValidSchema(const Value& value) {
        MetaSchemaCheck probe(nullptr);
        probe.checkSchema(value);
        return !probe.failed();
    }

    static bool isValidSchemaArray(const Value& value) {
        MetaSchemaCheck probe(nullptr);
        probe.checkSchemaArray(value);
        return !probe.failed();
    }

    static bool isValidStringArray(const Value& value) {
        MetaSchemaCheck probe(nullptr);
        probe.checkStringArray(value);
        return !probe.failed();
    }

    void checkRule(Rule rule, const Value& value) {
        switch (rule) {
            case Rule::Anything:
                return;
            case Rule::String:
                if (!value.IsString()) fail(value, " is not of type 'string'");
                return;
            case Rule::Boolean:
                if (!value.IsBool()) fail(value, " is not of type 'boolean'");
                return;
            case Rule::Array:
                if (!value.IsArray()) fail(value, " is not of type 'array'");
                return;
            case Rule::Number:
                if (!value.IsNumber()) fail(value, " is not of type 'number'");
                return;
            case Rule::PositiveNumber:
                if (!value.IsNumber()) {
                    fail(value, " is not of type 'number'");
                } else if (isNegative(value) || value.GetDouble() == 0) {
                    fail(value, " is less than or equal to the minimum of 0");
                }
                return;
            case Rule::NonNegativeInteger:
                if (!isInteger(value)) fail(value, " is not of type 'integer'");
                if (!done() && value.IsNumber() && isNegative(value)) {
                    fail(value, " is less than the minimum of 0");
                }
                return;
            case Rule::Schema:
                checkSchema(value);
                return;
            case Rule::SchemaOrSchemaArray:
                if (!isValidSchema(value) && !isValidSchemaArray(value)) failNoAlternative(value);
                return;
            case Rule::SchemaArray:
                checkSchemaArray(value);
                return;
            case Rule::StringArray:
                checkStringArray(value);
                return;
            case Rule::SchemaMap:
                checkSchemaMap(value);
                return;
            case Rule::DependencyMap:
                checkDependencyMap(value);
                return;
            case Rule::TypeName:
                if (!isSimpleType(value) && !isSimpleTypeArray(value)) failNoAlternative(value);
                return;
        }
    }

    void checkSchemaMap(const Value& value) {
        if (!value.IsObject()) {
            fail(value, " is not of type 'object'");
            return;
        }
        for (const DictItem& item : dictItems(value)) {
            if (done()) return;
            const std::size_t mark = enter(item.key);
            checkSchema(*item.value);
            leave(mark);
        }
    }

    void checkDependencyMap(const Value& value) {
        if (!value.IsObject()) {
            fail(value, " is not of type 'object'");
            return;
        }
        for (const DictItem& item : dictItems(value)) {
            if (done()) return;
            if (isValidSchema(*item.value) || isValidStringArray(*item.value)) continue;
            const std::size_t mark = enter(item.key);
            failNoAlternative(*item.value);
            leave(mark);
        }
    }

    bool done() const { return failed_ && errors_ == nullptr; }

    void failNoAlternative(const Value& value) {
        fail(value, " is not valid under any of the given schemas");
    }

    // Records "<path>: <repr(value)><suffix>".
    void fail(const Value& value, std::string_view suffix) {
        failed_ = true;
        if (errors_ == nullptr) return;
        std::string error = path_.empty() ? std::string("root") : path_;
        error += ": ";
        error += pythonRepr(value);
        error += suffix;
        errors_->push_back(std::move(error));
    }

    // Appends a path segment; returns the mark that leave() restores.
    std::size_t enter(std::string_view segment) {
        const std::size_t mark = path_.size();
        if (!path_.empty()) path_ += '.';
        path_ += segment;
        return mark;
    }

    void leave(std::size_t mark) { path_.resize(mark); }

    std::vector<std::string>* errors_;
    bool failed_ = false;
    std::string path_;
};

std::string thousands(std::size_t number) {
    return withThousandsSeparators(static_cast<long long>(number));
}

}  // namespace

bool exceedsNestingDepth(const Value& value, std::size_t maxDepth) {
    std::vector<std::pair<const Value*, std::size_t>> pending{{&value, 1}};
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        if (!node->IsArray() && !node->IsObject()) continue;
        if (depth > maxDepth) return true;
        if (node->IsArray()) {
            for (const Value& element : node->GetArray()) pending.emplace_back(&element, depth + 1);
        } else {
            for (auto member = node->MemberBegin(); member != node->MemberEnd(); ++member) {
                pending.emplace_back(&member->value, depth + 1);
            }
        }
    }
    return false;
}

std::vector<std::string> validateJsonSchema(const Value& schema) {
    std::vector<std::string> errors;
    if (exceedsNestingDepth(schema, kMaxSchemaNestingDepth)) {
        errors.push_back("root: schema nesting exceeds the maximum depth of " +
                         std::to_string(kMaxSchemaNestingDepth));
        return errors;
    }
    MetaSchemaCheck check(&errors);
    check.checkSchema(schema);
    return errors;
}

std::string invalidSchemaMessage(const std::vector<std::string>& errors) {
    std::string message = "Invalid JSON Schema: ";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i > 0) message += "; ";
        message += errors[i];
    }
    return message;
}

std::size_t schemaSerializedSize(const Value& schema) {
    return pythonJsonDumpsLength(schema, JsonDumpsSeparators::Compact);
}

std::optional<std::string> checkSchemaLimits(const Value& schema, const SchemaLimits& limits) {
    const std::size_t size = schemaSerializedSize(schema);
    if (size > limits.maxSizeBytes) {
        return "Schema too large. Maximum size: " + thousands(limits.maxSizeBytes) + " bytes (" +
               std::to_string(limits.maxSizeBytes / 1024 / 1024) +
               "MB). Current size: " + thousands(size) + " bytes.";
    }
    const Value* type = dictGet(schema, "type");
    const Value* properties = dictGet(schema, "properties");
    if (type == nullptr || !type->IsString() || stringView(*type) != "object" ||
        properties == nullptr) {
        return std::nullopt;
    }
    // len() of whatever `properties` holds; other types are left to the meta-schema check.
    std::size_t count = 0;
    if (properties->IsObject()) count = dictItems(*properties).size();
    if (properties->IsArray()) count = properties->Size();
    if (properties->IsString()) count = codePointLength(stringView(*properties));
    if (count > limits.maxProperties) {
        return "Too many properties in schema. Maximum: " + std::to_string(limits.maxProperties) +
               ". Found: " + std::to_string(count) + ".";
    }
    return std::nullopt;
}

}  // namespace tessera::core
