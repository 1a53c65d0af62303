#include "core/json_shape.hpp"

#include <algorithm>

#include "core/json.hpp"

namespace tessera::core {
namespace {

struct KindText {
    const char* type;
    const char* message;
};

KindText kindText(JsonKind kind) {
    switch (kind) {
        case JsonKind::String:
            return {"string_type", "Input should be a valid string"};
        case JsonKind::Integer:
            return {"int_type", "Input should be a valid integer"};
        case JsonKind::Number:
            return {"float_type", "Input should be a valid number"};
        case JsonKind::Boolean:
            return {"bool_type", "Input should be a valid boolean"};
        case JsonKind::Object:
            return {"dict_type", "Input should be a valid dictionary"};
        case JsonKind::Array:
            return {"list_type", "Input should be a valid list"};
        case JsonKind::Any:
            break;
    }
    return {"value_error", "Invalid value"};
}

JsonLoc child(const JsonLoc& loc, LocPart part) {
    JsonLoc out = loc;
    out.push_back(std::move(part));
    return out;
}

void checkMember(const rapidjson::Value& value, const JsonMember& member, const JsonLoc& loc,
                 std::vector<ValidationIssue>& issues) {
    if (!hasKind(value, member.kind)) {
        issues.push_back(wrongKind(loc, member.kind, value));
        return;
    }
    if (!member.shape) return;
    if (member.kind == JsonKind::Object) {
        checkJsonShape(value, *member.shape, loc, issues);
        return;
    }
    if (member.kind != JsonKind::Array) return;
    long long index = 0;
    for (const auto& item : value.GetArray()) {
        const JsonLoc itemLoc = child(loc, index++);
        if (!item.IsObject()) {
            issues.push_back(wrongKind(itemLoc, JsonKind::Object, item));
        } else {
            checkJsonShape(item, *member.shape, itemLoc, issues);
        }
    }
}

}  // namespace

bool hasKind(const rapidjson::Value& value, JsonKind kind) {
    switch (kind) {
        case JsonKind::String:
            return value.IsString();
        case JsonKind::Integer:
            return value.IsInt64() || value.IsUint64();
        case JsonKind::Number:
            return value.IsNumber();
        case JsonKind::Boolean:
            return value.IsBool();
        case JsonKind::Object:
            return value.IsObject();
        case JsonKind::Array:
            return value.IsArray();
        case JsonKind::Any:
            return true;
    }
    return false;
}

ValidationIssue missingMember(JsonLoc loc) {
    return ValidationIssue{"missing", std::move(loc), "Field required", "null", ""};
}

ValidationIssue wrongKind(JsonLoc loc, JsonKind expected, const rapidjson::Value& input) {
    const KindText text = kindText(expected);
    return ValidationIssue{text.type, std::move(loc), text.message, toJson(input), ""};
}

void checkJsonShape(const rapidjson::Value& value, const JsonShape& shape, const JsonLoc& loc,
                    std::vector<ValidationIssue>& issues) {
    if (!value.IsObject()) {
        issues.push_back(wrongKind(loc, JsonKind::Object, value));
        return;
    }
    for (const JsonMember& member : shape.members) {
        const auto found =
            value.FindMember(rapidjson::StringRef(member.name.data(), member.name.size()));
        const JsonLoc memberLoc = child(loc, std::string(member.name));
        if (found == value.MemberEnd()) {
            if (member.required) issues.push_back(missingMember(memberLoc));
            continue;
        }
        checkMember(found->value, member, memberLoc, issues);
    }
    if (!shape.oneOf.empty() &&
        std::none_of(shape.oneOf.begin(), shape.oneOf.end(), [&](std::string_view name) {
            return value.HasMember(rapidjson::StringRef(name.data(), name.size()));
        })) {
        issues.push_back(missingMember(child(loc, std::string(shape.oneOf.front()))));
    }
    if (!shape.eachOther) return;
    for (const auto& member : value.GetObject()) {
        const std::string_view name(member.name.GetString(), member.name.GetStringLength());
        const bool listed =
            std::any_of(shape.members.begin(), shape.members.end(),
                        [&](const JsonMember& known) { return known.name == name; });
        if (listed) continue;
        const JsonLoc memberLoc = child(loc, std::string(name));
        if (!member.value.IsObject()) {
            issues.push_back(wrongKind(memberLoc, JsonKind::Object, member.value));
        } else {
            checkJsonShape(member.value, *shape.eachOther, memberLoc, issues);
        }
    }
}

}  // namespace tessera::core
