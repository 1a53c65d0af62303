// Small accessors for asserting on JSON responses in tests.
#pragma once

#include <rapidjson/document.h>

#include <string>

#include "core/json.hpp"
#include "tests/support/catch.hpp"

namespace tessera::testing {

// RapidJSON 1.1's operator== recurses forever under C++20's rewritten comparisons: never
// compare Values with ==; read them out with these. A value of the wrong type, or a member that
// is missing, is a test failure (and reads as a placeholder), so comparing two fields that are
// both absent never passes.
inline long long num(const rapidjson::Value& value) {
    if (value.IsInt64()) return value.GetInt64();
    FAIL_CHECK("expected an integer, got " << tessera::core::toJson(value));
    return -999999;
}
inline std::string text(const rapidjson::Value& value) {
    if (value.IsString()) return value.GetString();
    FAIL_CHECK("expected a string, got " << tessera::core::toJson(value));
    return "<not a string>";
}

inline std::string str(const rapidjson::Value& value, const char* key) {
    if (!value.IsObject()) {
        FAIL_CHECK("expected an object with \"" << key << "\", got "
                                                << tessera::core::toJson(value));
        return "<missing>";
    }
    auto it = value.FindMember(key);
    if (it == value.MemberEnd() || !it->value.IsString()) {
        FAIL_CHECK("no string member \"" << key << "\" in " << tessera::core::toJson(value));
        return "<missing>";
    }
    return it->value.GetString();
}

inline std::string errorCode(const rapidjson::Document& body) {
    if (!body.IsObject() || !body.HasMember("error")) return "<no error>";
    return str(body["error"], "code");
}

inline std::string errorMessage(const rapidjson::Document& body) {
    if (!body.IsObject() || !body.HasMember("error")) return "<no error>";
    return str(body["error"], "message");
}

// Key order matters on the wire: the object's keys joined by commas.
inline std::string keys(const rapidjson::Value& object) {
    std::string joined;
    for (const auto& member : object.GetObject()) {
        if (!joined.empty()) joined += ",";
        joined += member.name.GetString();
    }
    return joined;
}

}  // namespace tessera::testing
