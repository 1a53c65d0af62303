// Request bodies: a flat JSON object written field by field (strings escaped by RapidJSON,
// already-parsed JSON such as a schema file inserted as it is).
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

namespace tessera::cli {

class JsonBody {
  public:
    JsonBody() : writer_(buffer_) { writer_.StartObject(); }
    JsonBody& text(const char* key, const std::string& value) {
        writer_.Key(key);
        writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
        return *this;
    }
    // `json` must be valid JSON (checked by the caller, e.g. readJsonFile).
    JsonBody& raw(const char* key, const std::string& json) {
        writer_.Key(key);
        writer_.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
        return *this;
    }
    std::string finish() {
        writer_.EndObject();
        return std::string(buffer_.GetString(), buffer_.GetSize());
    }

  private:
    rapidjson::StringBuffer buffer_;
    rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace tessera::cli
