// The body accessors of RequestValidator (server/http/request_validator.hpp): typed fields of
// JSON objects, each recording a framework-shaped issue instead of throwing.
#include "server/http/request_validator.hpp"

#include <cmath>

#include "core/email_address.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "server/http/request_context.hpp"

namespace tessera::server {
namespace {

using core::jsonQuote;
using core::ValidationIssue;

std::string lengthMessage(const char* bound, size_t n) {
    return std::string("String should have ") + bound + " " + std::to_string(n) +
           (n == 1 ? " character" : " characters");
}

}  // namespace

const rapidjson::Value* RequestValidator::modelBody() {
    if (!context_.body) {
        add(ValidationIssue{"missing", Loc{std::string("body")}, "Field required", "null", ""});
        return nullptr;
    }
    if (!context_.body->IsObject()) {
        add(ValidationIssue{"model_attributes_type", Loc{std::string("body")},
                            "Input should be a valid dictionary or object to extract fields from",
                            core::toJson(*context_.body), ""});
        return nullptr;
    }
    return context_.body;
}

const rapidjson::Value* RequestValidator::objectBody() {
    if (!context_.body) {
        add(ValidationIssue{"missing", Loc{std::string("body")}, "Field required", "null", ""});
        return nullptr;
    }
    if (!context_.body->IsObject()) {
        add(ValidationIssue{"dict_type", Loc{std::string("body")},
                            "Input should be a valid dictionary", core::toJson(*context_.body),
                            ""});
        return nullptr;
    }
    return context_.body;
}

const rapidjson::Value* RequestValidator::member(const rapidjson::Value& object, const char* name,
                                                 const Loc& parent, Presence presence) {
    auto it = object.FindMember(name);
    if (it == object.MemberEnd()) {
        if (presence == Presence::Required) {
            add(ValidationIssue{"missing", bodyLoc(parent, name), "Field required",
                                core::toJson(object), ""});
        }
        return nullptr;
    }
    if (it->value.IsNull() && presence == Presence::Nullable) return nullptr;
    return &it->value;
}

bool RequestValidator::checkLength(const std::string& value, const Loc& loc,
                                   const std::string& inputJson, size_t minLength,
                                   size_t maxLength) {
    const size_t length = core::codePointLength(value);
    if (length < minLength) {
        add(ValidationIssue{"string_too_short", loc, lengthMessage("at least", minLength),
                            inputJson, "{\"min_length\":" + std::to_string(minLength) + "}"});
        return false;
    }
    if (length > maxLength) {
        add(ValidationIssue{"string_too_long", loc, lengthMessage("at most", maxLength), inputJson,
                            "{\"max_length\":" + std::to_string(maxLength) + "}"});
        return false;
    }
    return true;
}

std::optional<std::string> RequestValidator::stringField(const rapidjson::Value& object,
                                                         const char* name, const Loc& parent,
                                                         const StringRule& rule) {
    const rapidjson::Value* value = member(object, name, parent, rule.presence);
    if (!value) return std::nullopt;
    const Loc loc = bodyLoc(parent, name);
    if (!value->IsString()) {
        add(ValidationIssue{"string_type", loc, "Input should be a valid string",
                            core::toJson(*value), ""});
        return std::nullopt;
    }
    std::string text(value->GetString(), value->GetStringLength());
    if (!checkLength(text, loc, core::toJson(*value), rule.minLength, rule.maxLength)) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> RequestValidator::objectField(const rapidjson::Value& object,
                                                         const char* name, const Loc& parent,
                                                         Presence presence) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    if (!value->IsObject()) {
        add(ValidationIssue{"dict_type", bodyLoc(parent, name),
                            "Input should be a valid dictionary", core::toJson(*value), ""});
        return std::nullopt;
    }
    return core::toJson(*value);
}

std::optional<std::string> RequestValidator::uuidField(const rapidjson::Value& object,
                                                       const char* name, const Loc& parent,
                                                       Presence presence) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    return uuidValue(*value, bodyLoc(parent, name));
}

std::optional<std::string> RequestValidator::uuidValue(const rapidjson::Value& value,
                                                       const Loc& loc) {
    if (!value.IsString()) {
        add(ValidationIssue{"uuid_type", loc, "UUID input should be a string, bytes or UUID object",
                            core::toJson(value), ""});
        return std::nullopt;
    }
    std::string reason;
    const std::string text(value.GetString(), value.GetStringLength());
    if (auto parsed = core::parseUuid(text, &reason)) return parsed;
    add(ValidationIssue{"uuid_parsing", loc, "Input should be a valid UUID, " + reason,
                        core::toJson(value), "{\"error\":" + jsonQuote(reason) + "}"});
    return std::nullopt;
}

std::optional<std::string> RequestValidator::enumField(const rapidjson::Value& object,
                                                       const char* name, const Loc& parent,
                                                       Presence presence,
                                                       const std::vector<std::string>& allowed) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    if (value->IsString()) {
        const std::string text(value->GetString(), value->GetStringLength());
        for (const auto& candidate : allowed) {
            if (candidate == text) return text;
        }
    }
    const std::string expected = describeAllowed(allowed);
    add(ValidationIssue{"enum", bodyLoc(parent, name), "Input should be " + expected,
                        core::toJson(*value), "{\"expected\":" + jsonQuote(expected) + "}"});
    return std::nullopt;
}

std::optional<bool> RequestValidator::boolField(const rapidjson::Value& object, const char* name,
                                                const Loc& parent, Presence presence) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    if (value->IsBool()) return value->GetBool();
    if (value->IsInt64() && (value->GetInt64() == 0 || value->GetInt64() == 1)) {
        return value->GetInt64() == 1;
    }
    if (value->IsString()) {
        if (auto parsed = parseBooleanText(value->GetString())) return parsed;
        add(ValidationIssue{"bool_parsing", bodyLoc(parent, name),
                            "Input should be a valid boolean, unable to interpret input",
                            core::toJson(*value), ""});
        return std::nullopt;
    }
    add(ValidationIssue{"bool_type", bodyLoc(parent, name), "Input should be a valid boolean",
                        core::toJson(*value), ""});
    return std::nullopt;
}

std::optional<long long> RequestValidator::intField(const rapidjson::Value& object,
                                                    const char* name, const Loc& parent,
                                                    Presence presence,
                                                    std::optional<long long> minimum,
                                                    std::optional<long long> maximum) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    const Loc loc = bodyLoc(parent, name);
    const std::string input = core::toJson(*value);
    std::optional<long long> parsed;
    if (value->IsBool()) {
        parsed = value->GetBool() ? 1 : 0;
    } else if (value->IsInt64()) {
        parsed = value->GetInt64();
    } else if (value->IsNumber()) {
        const double number = value->GetDouble();
        if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) < 9e18) {
            parsed = static_cast<long long>(number);
        } else {
            add(ValidationIssue{"int_from_float", loc,
                                "Input should be a valid integer, got a number with a fractional "
                                "part",
                                input, ""});
            return std::nullopt;
        }
    } else if (value->IsString()) {
        parsed = parseQueryInteger(value->GetString());
        if (!parsed) {
            add(ValidationIssue{"int_parsing", loc,
                                "Input should be a valid integer, unable to parse string as an "
                                "integer",
                                input, ""});
            return std::nullopt;
        }
    } else {
        add(ValidationIssue{"int_type", loc, "Input should be a valid integer", input, ""});
        return std::nullopt;
    }
    if (minimum && *parsed < *minimum) {
        add(ValidationIssue{"greater_than_equal", loc,
                            "Input should be greater than or equal to " + std::to_string(*minimum),
                            input, "{\"ge\":" + std::to_string(*minimum) + "}"});
        return std::nullopt;
    }
    if (maximum && *parsed > *maximum) {
        add(ValidationIssue{"less_than_equal", loc,
                            "Input should be less than or equal to " + std::to_string(*maximum),
                            input, "{\"le\":" + std::to_string(*maximum) + "}"});
        return std::nullopt;
    }
    return parsed;
}

std::optional<int64_t> RequestValidator::datetimeField(const rapidjson::Value& object,
                                                       const char* name, const Loc& parent,
                                                       Presence presence) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    const Loc loc = bodyLoc(parent, name);
    if (value->IsNumber()) {
        // Seconds since the epoch, within the years 1–9999.
        const double seconds = value->GetDouble();
        if (seconds >= core::kFirstEpochSecond && seconds <= core::kLastEpochSecond) {
            return static_cast<int64_t>(std::llround(seconds * 1e6));
        }
        add(ValidationIssue{"datetime_parsing", loc,
                            "Input should be a valid datetime, dates after 9999 are not supported "
                            "as unix timestamps",
                            core::toJson(*value), ""});
        return std::nullopt;
    }
    if (!value->IsString()) {
        add(ValidationIssue{"datetime_type", loc, "Input should be a valid datetime",
                            core::toJson(*value), ""});
        return std::nullopt;
    }
    std::string reason;
    if (auto parsed = core::parseDatetime(value->GetString(), &reason)) return parsed;
    add(ValidationIssue{"datetime_from_date_parsing", loc,
                        "Input should be a valid datetime or date, " + reason, core::toJson(*value),
                        "{\"error\":" + jsonQuote(reason) + "}"});
    return std::nullopt;
}

const rapidjson::Value* RequestValidator::modelField(const rapidjson::Value& object,
                                                     const char* name, const Loc& parent,
                                                     Presence presence) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return nullptr;
    return modelValue(*value, bodyLoc(parent, name));
}

const rapidjson::Value* RequestValidator::modelValue(const rapidjson::Value& value,
                                                     const Loc& loc) {
    if (value.IsObject()) return &value;
    add(ValidationIssue{"model_attributes_type", loc,
                        "Input should be a valid dictionary or object to extract fields from",
                        core::toJson(value), ""});
    return nullptr;
}

const rapidjson::Value* RequestValidator::dictField(const rapidjson::Value& object,
                                                    const char* name, const Loc& parent,
                                                    Presence presence) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value || value->IsObject()) return value;
    add(ValidationIssue{"dict_type", bodyLoc(parent, name), "Input should be a valid dictionary",
                        core::toJson(*value), ""});
    return nullptr;
}

std::optional<std::vector<std::string>> RequestValidator::stringListField(
    const rapidjson::Value& object, const char* name, const Loc& parent, Presence presence) {
    return listField(object, name, parent, presence, 0, &RequestValidator::stringValue);
}

std::optional<std::vector<std::string>> RequestValidator::uuidListField(
    const rapidjson::Value& object, const char* name, const Loc& parent, Presence presence,
    size_t minItems) {
    return listField(object, name, parent, presence, minItems, &RequestValidator::uuidValue);
}

std::optional<std::string> RequestValidator::stringValue(const rapidjson::Value& value,
                                                         const Loc& loc) {
    if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
    add(ValidationIssue{"string_type", loc, "Input should be a valid string", core::toJson(value),
                        ""});
    return std::nullopt;
}

std::optional<std::vector<std::string>> RequestValidator::listField(
    const rapidjson::Value& object, const char* name, const Loc& parent, Presence presence,
    size_t minItems, ItemParser parseItem) {
    const rapidjson::Value* value = member(object, name, parent, presence);
    if (!value) return std::nullopt;
    const Loc loc = bodyLoc(parent, name);
    if (!value->IsArray()) {
        add(ValidationIssue{"list_type", loc, "Input should be a valid list", core::toJson(*value),
                            ""});
        return std::nullopt;
    }
    std::vector<std::string> items;
    bool valid = true;
    for (rapidjson::SizeType i = 0; i < value->Size(); ++i) {
        Loc itemLoc = loc;
        itemLoc.emplace_back(static_cast<long long>(i));
        if (auto item = (this->*parseItem)((*value)[i], itemLoc)) {
            items.push_back(std::move(*item));
        } else {
            valid = false;
        }
    }
    if (!valid) return std::nullopt;
    if (items.size() < minItems) {
        const std::string count = std::to_string(minItems);
        add(ValidationIssue{"too_short", loc,
                            "List should have at least " + count +
                                (minItems == 1 ? " item" : " items") + " after validation, not " +
                                std::to_string(items.size()),
                            core::toJson(*value),
                            "{\"field_type\":\"List\",\"min_length\":" + count +
                                ",\"actual_length\":" + std::to_string(items.size()) + "}"});
        return std::nullopt;
    }
    return items;
}

namespace {

// The shared part of list fields: presence, then `list_type` for a non-array.
const rapidjson::Value* listMember(RequestValidator& validator, const rapidjson::Value& object,
                                   const char* name, const Loc& parent, Presence presence) {
    const rapidjson::Value* value = validator.member(object, name, parent, presence);
    if (!value) return nullptr;
    if (!value->IsArray()) {
        validator.add(ValidationIssue{"list_type", RequestValidator::bodyLoc(parent, name),
                                      "Input should be a valid list", core::toJson(*value), ""});
        return nullptr;
    }
    return value;
}

}  // namespace

const rapidjson::Value* RequestValidator::arrayField(const rapidjson::Value& object,
                                                     const char* name, const Loc& parent,
                                                     Presence presence) {
    return listMember(*this, object, name, parent, presence);
}

std::optional<std::vector<std::string>> RequestValidator::enumListField(
    const rapidjson::Value& object, const char* name, const Loc& parent, Presence presence,
    const std::vector<std::string>& allowed) {
    const rapidjson::Value* list = listMember(*this, object, name, parent, presence);
    if (!list) return std::nullopt;
    std::vector<std::string> values;
    bool valid = true;
    const std::string expected = describeAllowed(allowed);
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        const rapidjson::Value& item = (*list)[i];
        bool known = false;
        if (item.IsString()) {
            for (const auto& candidate : allowed) known = known || candidate == item.GetString();
        }
        if (known) {
            values.emplace_back(item.GetString(), item.GetStringLength());
            continue;
        }
        Loc loc = bodyLoc(parent, name);
        loc.emplace_back(static_cast<long long>(i));
        add(ValidationIssue{"enum", loc, "Input should be " + expected, core::toJson(item),
                            "{\"expected\":" + jsonQuote(expected) + "}"});
        valid = false;
    }
    if (!valid) return std::nullopt;
    return values;
}

std::optional<std::string> RequestValidator::emailField(const rapidjson::Value& object,
                                                        const char* name, const Loc& parent,
                                                        Presence presence) {
    auto text = stringField(object, name, parent, {presence, 0, SIZE_MAX});
    if (!text) return std::nullopt;
    core::EmailCheck check = core::checkEmailAddress(*text);
    if (check.valid) return check.normalized;
    add(ValidationIssue{"value_error", bodyLoc(parent, name),
                        "value is not a valid email address: " + check.reason, jsonQuote(*text),
                        "{\"reason\":" + jsonQuote(check.reason) + "}"});
    return std::nullopt;
}

}  // namespace tessera::server
