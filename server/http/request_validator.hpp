// The one validation helper for path, query and body values. Each accessor records
// framework-shaped issues (spec 01 §2.3) instead of throwing, so every problem of a request is
// reported together; finish() throws them as a single 422. Call accessors in the order the
// spec reports errors: pagination, path, query (declaration order), body (model field order).
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace tessera::server {

class RequestContext;

using Loc = std::vector<core::LocPart>;

struct PageParams {
    int limit = 50;
    int64_t offset = 0;
};

// How a body field treats absence and null.
enum class Presence {
    Required,  // absent → `missing`; null → type error
    Optional,  // absent → nullopt; null → type error (e.g. metadata on create)
    Nullable,  // absent or null → nullopt
};

struct StringRule {
    Presence presence = Presence::Required;
    size_t minLength = 0;
    size_t maxLength = SIZE_MAX;
};

class RequestValidator {
  public:
    explicit RequestValidator(RequestContext& context) : context_(context) {}

    // Standard `limit`/`offset` (spec 01 §7); default and max from configuration unless given.
    PageParams pagination();
    PageParams pagination(int defaultLimit, int maxLimit);

    std::string pathUuid(const std::string& name);

    // Free-text filter: absent or empty → nullopt.
    std::optional<std::string> queryText(const std::string& name);
    std::optional<std::string> queryUuid(const std::string& name, bool required = false);
    // A query value holding a JSON object (issue 21's `guarantees` on impact), returned as
    // compact JSON text; not JSON → `json_invalid`, not an object → `dict_type`.
    std::optional<std::string> queryJsonObject(const std::string& name);
    bool queryBool(const std::string& name, bool fallback);
    std::optional<long long> queryInt(const std::string& name, std::optional<long long> fallback,
                                      std::optional<long long> minimum,
                                      std::optional<long long> maximum, bool required = false);
    std::optional<std::string> queryEnum(const std::string& name,
                                         const std::vector<std::string>& allowed);
    std::optional<int64_t> queryDatetime(const std::string& name);

    // The body of an endpoint with a typed model: absent → `missing`; not an object →
    // `model_attributes_type`. Returns nullptr when invalid.
    const rapidjson::Value* modelBody();
    // A body that must be any JSON object (`dict_type` otherwise).
    const rapidjson::Value* objectBody();

    std::optional<std::string> stringField(const rapidjson::Value& object, const char* name,
                                           const Loc& parent, const StringRule& rule);
    // Free-form object; returns it re-serialised compactly.
    std::optional<std::string> objectField(const rapidjson::Value& object, const char* name,
                                           const Loc& parent, Presence presence);
    std::optional<std::string> uuidField(const rapidjson::Value& object, const char* name,
                                         const Loc& parent, Presence presence);
    std::optional<std::string> enumField(const rapidjson::Value& object, const char* name,
                                         const Loc& parent, Presence presence,
                                         const std::vector<std::string>& allowed);
    std::optional<bool> boolField(const rapidjson::Value& object, const char* name,
                                  const Loc& parent, Presence presence);
    std::optional<long long> intField(const rapidjson::Value& object, const char* name,
                                      const Loc& parent, Presence presence,
                                      std::optional<long long> minimum = std::nullopt,
                                      std::optional<long long> maximum = std::nullopt);
    // A list of enum strings.
    std::optional<std::vector<std::string>> enumListField(const rapidjson::Value& object,
                                                          const char* name, const Loc& parent,
                                                          Presence presence,
                                                          const std::vector<std::string>& allowed);
    // A valid e-mail address (spec 01 §15), returned normalised.
    std::optional<std::string> emailField(const rapidjson::Value& object, const char* name,
                                          const Loc& parent, Presence presence);
    std::optional<int64_t> datetimeField(const rapidjson::Value& object, const char* name,
                                         const Loc& parent, Presence presence);
    // The member if present and not null (after recording `missing` for a required one).
    const rapidjson::Value* member(const rapidjson::Value& object, const char* name,
                                   const Loc& parent, Presence presence);
    // A nested typed object (`model_attributes_type` otherwise).
    const rapidjson::Value* modelField(const rapidjson::Value& object, const char* name,
                                       const Loc& parent, Presence presence);
    // A free-form object, returned as is for callers that walk it (`dict_type` otherwise).
    const rapidjson::Value* dictField(const rapidjson::Value& object, const char* name,
                                      const Loc& parent, Presence presence);
    // An array, returned as is for callers that validate its items (`list_type` otherwise).
    const rapidjson::Value* arrayField(const rapidjson::Value& object, const char* name,
                                       const Loc& parent, Presence presence);
    // A value that must be a typed object, such as an array item (`model_attributes_type`
    // otherwise).
    const rapidjson::Value* modelValue(const rapidjson::Value& value, const Loc& loc);
    // An array of strings (`list_type`; `string_type` per item).
    std::optional<std::vector<std::string>> stringListField(const rapidjson::Value& object,
                                                            const char* name, const Loc& parent,
                                                            Presence presence);
    // An array of UUIDs, canonicalised (`list_type`; `too_short` below `minItems`; per-item
    // `uuid_type` / `uuid_parsing`).
    std::optional<std::vector<std::string>> uuidListField(const rapidjson::Value& object,
                                                          const char* name, const Loc& parent,
                                                          Presence presence, size_t minItems = 0);

    // A query string taken as sent (an empty value is a value, unlike queryText); `minLength`
    // counts code points (`string_too_short`).
    std::optional<std::string> queryString(const std::string& name, bool required,
                                           size_t minLength = 0);

    // A value that fails a regex constraint (`string_pattern_mismatch`).
    void patternMismatch(const Loc& loc, std::string_view pattern, const std::string& inputJson);

    // A rule of our own (`value_error`, "Value error, <text>").
    void valueError(const Loc& loc, const std::string& ruleText, const std::string& inputJson);
    void add(core::ValidationIssue issue) { issues_.push_back(std::move(issue)); }

    bool ok() const { return issues_.empty(); }
    // Throws core::RequestValidationError when any issue was recorded.
    void finish();

    // Shared with handlers that validate nested values themselves.
    static Loc bodyLoc(const Loc& parent, const char* name);

  private:
    std::optional<std::string> rawQuery(const std::string& name) const;
    std::optional<std::string> uuidValue(const rapidjson::Value& value, const Loc& loc);
    std::optional<std::string> stringValue(const rapidjson::Value& value, const Loc& loc);
    using ItemParser = std::optional<std::string> (RequestValidator::*)(const rapidjson::Value&,
                                                                        const Loc&);
    std::optional<std::vector<std::string>> listField(const rapidjson::Value& object,
                                                      const char* name, const Loc& parent,
                                                      Presence presence, size_t minItems,
                                                      ItemParser parseItem);
    bool checkLength(const std::string& value, const Loc& loc, const std::string& inputJson,
                     size_t minLength, size_t maxLength);

    RequestContext& context_;
    std::vector<core::ValidationIssue> issues_;
};

// Spec 01 §1.3 integer parsing for query strings: sign, surrounding spaces and `N.0` allowed.
std::optional<long long> parseQueryInteger(const std::string& text);

// `'a', 'b' or 'c'` for enum error messages.
std::string describeAllowed(const std::vector<std::string>& allowed);

}  // namespace tessera::server
