#include "cli/json_input.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/json_text.hpp"
#include "cli/session.hpp"

namespace tessera::cli {
namespace {

// The parse error, or "" when `text` is a JSON object; `compact` receives it compacted.
std::string objectError(const std::string& text, std::string& compact) {
    rapidjson::Document document;
    document.Parse(text.c_str(), text.size());
    if (document.HasParseError()) {
        return std::string(rapidjson::GetParseError_En(document.GetParseError())) + " at offset " +
               std::to_string(document.GetErrorOffset());
    }
    if (!document.IsObject()) return "not a JSON object";
    compact = toJson(document);
    return "";
}

}  // namespace

std::string readSchemaFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("schema file '" + path + "': " + std::strerror(errno), kExitUsage);
    std::ostringstream content;
    content << in.rdbuf();
    std::string compact;
    const std::string error = objectError(content.str(), compact);
    if (!error.empty()) fail("schema file '" + path + "' is not valid JSON: " + error, kExitUsage);
    return compact;
}

std::string parseObjectOption(const std::string& option, const std::string& text) {
    std::string compact;
    const std::string error = objectError(text, compact);
    if (!error.empty()) fail("--" + option + " is not a JSON object: " + error, kExitUsage);
    return compact;
}

}  // namespace tessera::cli
