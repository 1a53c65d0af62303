// Reading the server's JSON for human output: a missing or null field reads as "".
#pragma once

#include <rapidjson/document.h>

#include <initializer_list>
#include <string>

namespace tessera::cli {

// A scalar as text (strings unquoted, null as ""); objects and arrays as compact JSON.
std::string scalarText(const rapidjson::Value& value);
// The value at `path` (object keys) as scalarText, or "" when any step is missing.
std::string stringAt(const rapidjson::Value& value, std::initializer_list<const char*> path);
// The value at `key`, or nullptr when `value` is not an object or lacks it.
const rapidjson::Value* member(const rapidjson::Value& value, const char* key);
// The array at `key`, or an empty array when absent.
const rapidjson::Value& arrayAt(const rapidjson::Value& value, const char* key);
// Compact serialisation.
std::string toJson(const rapidjson::Value& value);

}  // namespace tessera::cli
