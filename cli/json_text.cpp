#include "cli/json_text.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace tessera::cli {

std::string toJson(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::string scalarText(const rapidjson::Value& value) {
    if (value.IsNull()) return "";
    if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
    if (value.IsBool()) return value.GetBool() ? "true" : "false";
    return toJson(value);
}

const rapidjson::Value* member(const rapidjson::Value& value, const char* key) {
    if (!value.IsObject()) return nullptr;
    auto found = value.FindMember(key);
    return found == value.MemberEnd() ? nullptr : &found->value;
}

std::string stringAt(const rapidjson::Value& value, std::initializer_list<const char*> path) {
    const rapidjson::Value* current = &value;
    for (const char* key : path) {
        current = member(*current, key);
        if (!current) return "";
    }
    return scalarText(*current);
}

const rapidjson::Value& arrayAt(const rapidjson::Value& value, const char* key) {
    static const rapidjson::Value empty(rapidjson::kArrayType);
    const rapidjson::Value* found = member(value, key);
    return found && found->IsArray() ? *found : empty;
}

}  // namespace tessera::cli
