// Small accessors for asserting on JSON responses in tests.
#pragma once

#include <rapidjson/document.h>

#include <string>

#include "core/json.hpp"

namespace tessera::testing {

// RapidJSON 1.1's operator== recurses forever under C++20's rewritten comparisons: never
// compare Values with ==; read them out with these.
inline long long num(const rapidjson::Value& value) {
    return value.IsInt64() ? value.GetInt64() : -999999;
}
inline std::string text(const rapidjson::Value& value) {
    return value.IsString() ? value.GetString() : "<not a string>";
}

inline std::string str(const rapidjson::Value& value, const char* key) {
    auto it = value.FindMember(key);
    if (it == value.MemberEnd() || !it->value.IsString()) return "<missing>";
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
