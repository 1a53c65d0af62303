#include "core/json_dumps_length.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "core/python_repr.hpp"

namespace tessera::core {
namespace {

// One string literal, quotes included.
std::size_t stringLength(std::string_view text) {
    std::size_t size = 2;
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = nextCodePoint(text, pos);
        if (cp == U'"' || cp == U'\\' || cp == U'\b' || cp == U'\f' || cp == U'\n' || cp == U'\r' ||
            cp == U'\t') {
            size += 2;
        } else if (cp >= 0x20 && cp < 0x7F) {
            size += 1;
        } else if (cp < 0x10000) {
            size += 6;
        } else {
            size += 12;
        }
    }
    return size;
}

std::size_t scalarLength(const rapidjson::Value& value) {
    switch (value.GetType()) {
        case rapidjson::kNullType:
        case rapidjson::kTrueType:
            return 4;
        case rapidjson::kFalseType:
            return 5;
        case rapidjson::kStringType:
            return stringLength(stringView(value));
        case rapidjson::kNumberType:
            if (value.IsDouble()) return pythonFloatRepr(value.GetDouble()).size();
            return value.IsInt64() ? std::to_string(value.GetInt64()).size()
                                   : std::to_string(value.GetUint64()).size();
        default:
            return 0;
    }
}

}  // namespace

std::size_t pythonJsonDumpsLength(const rapidjson::Value& value, JsonDumpsSeparators separators) {
    const bool spaced = separators == JsonDumpsSeparators::Default;
    const std::size_t itemSeparator = spaced ? 2 : 1;  // ", " or ","
    const std::size_t keySeparator = spaced ? 2 : 1;   // ": " or ":"
    // Order does not matter for a length, so an explicit stack replaces recursion.
    std::size_t size = 0;
    std::vector<const rapidjson::Value*> pending{&value};
    while (!pending.empty()) {
        const rapidjson::Value* node = pending.back();
        pending.pop_back();
        if (node->IsArray()) {
            size += 2 + (node->Empty() ? 0 : (node->Size() - 1) * itemSeparator);
            for (const rapidjson::Value& element : node->GetArray()) pending.push_back(&element);
        } else if (node->IsObject()) {
            const std::vector<DictItem> items = dictItems(*node);
            size += 2 + (items.empty() ? 0 : (items.size() - 1) * itemSeparator);
            for (const DictItem& item : items) {
                size += stringLength(item.key) + keySeparator;
                pending.push_back(item.value);
            }
        } else {
            size += scalarLength(*node);
        }
    }
    return size;
}

}  // namespace tessera::core
