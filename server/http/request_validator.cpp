// RequestValidator (server/http/request_validator.hpp): pagination, path and query parameters,
// and the issue list that finish() throws as one 422. The body accessors are in
// request_body_fields.cpp.
#include "server/http/request_validator.hpp"

#include <limits>

#include "core/json.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"
#include "core/uuid.hpp"
#include "server/config.hpp"
#include "server/http/request_context.hpp"

namespace tessera::server {
namespace {

using core::jsonQuote;
using core::ValidationIssue;

Loc queryLoc(const std::string& name) {
    return Loc{std::string("query"), name};
}

std::string trimAscii(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t\r\n\f\v");
    if (begin == std::string::npos) return {};
    const size_t end = text.find_last_not_of(" \t\r\n\f\v");
    return text.substr(begin, end - begin + 1);
}

}  // namespace

std::optional<long long> parseQueryInteger(const std::string& text) {
    std::string value = trimAscii(text);
    if (value.empty()) return std::nullopt;
    // `5.0` (any number of zeros after the point) is an integer.
    if (const size_t dot = value.find('.'); dot != std::string::npos) {
        if (value.find_first_not_of('0', dot + 1) != std::string::npos) return std::nullopt;
        value = value.substr(0, dot);
    }
    size_t start = (value[0] == '+' || value[0] == '-') ? 1 : 0;
    if (start == value.size()) return std::nullopt;
    for (size_t i = start; i < value.size(); ++i) {
        if (value[i] < '0' || value[i] > '9') return std::nullopt;
    }
    try {
        return std::stoll(value);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string describeAllowed(const std::vector<std::string>& allowed) {
    std::string text;
    for (size_t i = 0; i < allowed.size(); ++i) {
        if (i > 0) text += (i + 1 == allowed.size()) ? " or " : ", ";
        text += "'" + allowed[i] + "'";
    }
    return text;
}

Loc RequestValidator::bodyLoc(const Loc& parent, const char* name) {
    Loc loc = parent.empty() ? Loc{std::string("body")} : parent;
    loc.emplace_back(std::string(name));
    return loc;
}

std::optional<std::string> RequestValidator::rawQuery(const std::string& name) const {
    return context_.request.queryValue(name);
}

PageParams RequestValidator::pagination() {
    return pagination(context_.config().paginationLimitDefault,
                      context_.config().paginationLimitMax);
}

PageParams RequestValidator::pagination(int defaultLimit, int maxLimit) {
    PageParams page;
    page.limit =
        static_cast<int>(queryInt("limit", defaultLimit, 1, maxLimit).value_or(defaultLimit));
    // No upper bound (01 §7: large offsets give empty results) but Postgres's bigint.
    page.offset = queryInt("offset", 0, 0, std::numeric_limits<int64_t>::max()).value_or(0);
    return page;
}

std::string RequestValidator::pathUuid(const std::string& name) {
    auto it = context_.pathParams.find(name);
    const std::string raw = it == context_.pathParams.end() ? std::string() : it->second;
    std::string reason;
    if (auto parsed = core::parseUuid(raw, &reason)) return *parsed;
    add(ValidationIssue{"uuid_parsing", Loc{std::string("path"), name},
                        "Input should be a valid UUID, " + reason, jsonQuote(raw),
                        "{\"error\":" + jsonQuote(reason) + "}"});
    return {};
}

std::optional<std::string> RequestValidator::queryText(const std::string& name) {
    auto raw = rawQuery(name);
    if (!raw || raw->empty()) return std::nullopt;
    return raw;
}

std::optional<std::string> RequestValidator::queryUuid(const std::string& name, bool required) {
    auto raw = rawQuery(name);
    if (!raw) {
        if (required) add(ValidationIssue{"missing", queryLoc(name), "Field required", "null", ""});
        return std::nullopt;
    }
    std::string reason;
    if (auto parsed = core::parseUuid(*raw, &reason)) return parsed;
    add(ValidationIssue{"uuid_parsing", queryLoc(name), "Input should be a valid UUID, " + reason,
                        jsonQuote(*raw), "{\"error\":" + jsonQuote(reason) + "}"});
    return std::nullopt;
}

std::optional<std::string> RequestValidator::queryJsonObject(const std::string& name) {
    auto raw = rawQuery(name);
    if (!raw) return std::nullopt;
    core::JsonParseResult parsed = core::parseJson(*raw, context_.config().maxJsonDepth);
    if (!parsed.ok) {
        add(ValidationIssue{"json_invalid", queryLoc(name), "Invalid JSON: " + parsed.errorMessage,
                            jsonQuote(*raw), "{\"error\":" + jsonQuote(parsed.errorMessage) + "}"});
        return std::nullopt;
    }
    if (!parsed.document.IsObject()) {
        add(ValidationIssue{"dict_type", queryLoc(name), "Input should be a valid dictionary",
                            core::toJson(parsed.document), ""});
        return std::nullopt;
    }
    return core::toJson(parsed.document);
}

bool RequestValidator::queryBool(const std::string& name, bool fallback) {
    auto raw = rawQuery(name);
    if (!raw) return fallback;
    if (auto parsed = parseBooleanText(*raw)) return *parsed;
    add(ValidationIssue{"bool_parsing", queryLoc(name),
                        "Input should be a valid boolean, unable to interpret input",
                        jsonQuote(*raw), ""});
    return fallback;
}

std::optional<long long> RequestValidator::queryInt(const std::string& name,
                                                    std::optional<long long> fallback,
                                                    std::optional<long long> minimum,
                                                    std::optional<long long> maximum,
                                                    bool required) {
    auto raw = rawQuery(name);
    if (!raw) {
        if (required) add(ValidationIssue{"missing", queryLoc(name), "Field required", "null", ""});
        return fallback;
    }
    auto parsed = parseQueryInteger(*raw);
    if (!parsed) {
        add(ValidationIssue{"int_parsing", queryLoc(name),
                            "Input should be a valid integer, unable to parse string as an integer",
                            jsonQuote(*raw), ""});
        return fallback;
    }
    if (minimum && *parsed < *minimum) {
        add(ValidationIssue{"greater_than_equal", queryLoc(name),
                            "Input should be greater than or equal to " + std::to_string(*minimum),
                            jsonQuote(*raw), "{\"ge\":" + std::to_string(*minimum) + "}"});
        return fallback;
    }
    if (maximum && *parsed > *maximum) {
        add(ValidationIssue{"less_than_equal", queryLoc(name),
                            "Input should be less than or equal to " + std::to_string(*maximum),
                            jsonQuote(*raw), "{\"le\":" + std::to_string(*maximum) + "}"});
        return fallback;
    }
    return parsed;
}

std::optional<std::string> RequestValidator::queryEnum(const std::string& name,
                                                       const std::vector<std::string>& allowed) {
    auto raw = rawQuery(name);
    if (!raw) return std::nullopt;
    for (const auto& value : allowed) {
        if (*raw == value) return raw;
    }
    const std::string expected = describeAllowed(allowed);
    add(ValidationIssue{"enum", queryLoc(name), "Input should be " + expected, jsonQuote(*raw),
                        "{\"expected\":" + jsonQuote(expected) + "}"});
    return std::nullopt;
}

std::optional<int64_t> RequestValidator::queryDatetime(const std::string& name) {
    auto raw = rawQuery(name);
    if (!raw) return std::nullopt;
    std::string reason;
    if (auto parsed = core::parseDatetime(*raw, &reason)) return parsed;
    add(ValidationIssue{"datetime_from_date_parsing", queryLoc(name),
                        "Input should be a valid datetime or date, " + reason, jsonQuote(*raw),
                        "{\"error\":" + jsonQuote(reason) + "}"});
    return std::nullopt;
}

std::optional<std::string> RequestValidator::queryString(const std::string& name, bool required,
                                                         size_t minLength) {
    auto raw = rawQuery(name);
    if (!raw) {
        if (required) add(ValidationIssue{"missing", queryLoc(name), "Field required", "null", ""});
        return std::nullopt;
    }
    if (!checkLength(*raw, queryLoc(name), jsonQuote(*raw), minLength, SIZE_MAX)) {
        return std::nullopt;
    }
    return raw;
}

void RequestValidator::patternMismatch(const Loc& loc, std::string_view pattern,
                                       const std::string& inputJson) {
    const std::string quoted = jsonQuote(pattern);
    add(ValidationIssue{"string_pattern_mismatch", loc,
                        "String should match pattern '" + std::string(pattern) + "'", inputJson,
                        "{\"pattern\":" + quoted + "}"});
}

void RequestValidator::valueError(const Loc& loc, const std::string& ruleText,
                                  const std::string& inputJson) {
    add(ValidationIssue{"value_error", loc, "Value error, " + ruleText, inputJson,
                        "{\"error\":{}}"});
}

void RequestValidator::finish() {
    if (!issues_.empty()) throw core::RequestValidationError(std::move(issues_));
    context_.markValidated();
}

}  // namespace tessera::server
