#include "core/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <rapidjson/error/en.h>

#include "core/timestamp.hpp"

namespace tessera::core {

std::optional<size_t> findNestingViolation(std::string_view text, int maxDepth) {
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                inString = true;
                break;
            case '[':
            case '{':
                if (++depth > maxDepth) return i;
                break;
            case ']':
            case '}':
                --depth;
                break;
            default:
                break;
        }
    }
    return std::nullopt;
}

namespace {

bool holdsNul(const rapidjson::Value& text) {
    return std::string_view(text.GetString(), text.GetStringLength()).find('\0') !=
           std::string_view::npos;
}

// One pass over a parsed request body: where an object repeats a key, only the last value
// stays, in the key's first place (the object Python's json module makes of it, the original's
// parser); and whether a string or key of what stays holds a NUL character.
bool settleParsedBody(rapidjson::Value& root) {
    std::vector<rapidjson::Value*> pending = {&root};
    std::unordered_map<std::string_view, size_t> firstAt;
    std::vector<size_t> repeats;
    while (!pending.empty()) {
        rapidjson::Value* value = pending.back();
        pending.pop_back();
        if (value->IsString()) {
            if (holdsNul(*value)) return true;
            continue;
        }
        if (value->IsArray()) {
            for (auto& item : value->GetArray()) pending.push_back(&item);
            continue;
        }
        if (!value->IsObject()) continue;
        const auto members = value->MemberBegin();
        const size_t count = value->MemberCount();
        const auto nameOf = [&](size_t i) {
            return std::string_view(members[i].name.GetString(), members[i].name.GetStringLength());
        };
        // The first member with member i's name (i itself when it is the first): compared pairwise
        // in the small objects requests are made of, through a map in large ones.
        const bool small = count <= 16;
        if (!small) firstAt.clear();
        repeats.clear();
        for (size_t i = 1; i < count; ++i) {
            size_t first = i;
            if (small) {
                for (size_t j = 0; j < i; ++j) {
                    if (nameOf(j) == nameOf(i)) {
                        first = j;
                        break;
                    }
                }
            } else {
                if (i == 1) firstAt.emplace(nameOf(0), 0);
                first = firstAt.try_emplace(nameOf(i), i).first->second;
            }
            if (first == i) continue;
            // Python's dict: the key keeps its first place and takes the later value.
            members[first].value = std::move(members[i].value);
            repeats.push_back(i);
        }
        for (auto at = repeats.rbegin(); at != repeats.rend(); ++at) {
            value->EraseMember(value->MemberBegin() + static_cast<std::ptrdiff_t>(*at));
        }
        for (auto& member : value->GetObject()) {
            if (holdsNul(member.name)) return true;
            pending.push_back(&member.value);
        }
    }
    return false;
}

}  // namespace

JsonParseResult parseJson(std::string_view text, int maxDepth) {
    JsonParseResult result;
    if (auto offset = findNestingViolation(text, maxDepth)) {
        result.errorOffset = *offset;
        result.errorMessage = "Nesting depth exceeds the maximum of " + std::to_string(maxDepth);
        return result;
    }
    // Invalid UTF-8 is a parse error; NUL (\u0000) parses but Postgres text cannot hold it, so
    // it is refused here rather than failing later in the database.
    result.document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag |
                          rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
    if (result.document.HasParseError()) {
        result.errorOffset = result.document.GetErrorOffset();
        result.errorMessage = rapidjson::GetParseError_En(result.document.GetParseError());
        return result;
    }
    if (settleParsedBody(result.document)) {
        result.errorOffset = text.find("\\u0000");
        if (result.errorOffset == std::string_view::npos) result.errorOffset = 0;
        result.errorMessage = "Strings must not contain the NUL character (\\u0000).";
        return result;
    }
    result.ok = true;
    return result;
}

std::string toJson(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    value.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

// `text` with every number beyond a double's range replaced by the largest double of its sign:
// jsonb keeps numbers of any size (numeric), and RapidJSON refuses the whole document for one
// such number (an operator's `1e400` made the index fail to load and every read of the row a
// 500). Numbers are the runs of number characters outside strings.
std::string saturateHugeNumbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool inString = false;
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text[i + 1];
                i += 2;
                continue;
            }
            if (c == '"') inString = false;
            ++i;
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            ++i;
            continue;
        }
        if (c != '-' && (c < '0' || c > '9')) {
            out += c;
            ++i;
            continue;
        }
        const size_t end = text.find_first_not_of("0123456789+-.eE", i);
        const std::string number(text.substr(i, end == std::string_view::npos ? end : end - i));
        const double value = std::strtod(number.c_str(), nullptr);
        if (std::isinf(value)) {
            out += value < 0 ? "-1.7976931348623157e308" : "1.7976931348623157e308";
        } else {
            out += number;
        }
        i += number.size();
    }
    return out;
}

// Stored JSON into `document`; false when it does not parse even with saturating numbers.
bool parseStoredText(rapidjson::Document& document, std::string_view text) {
    document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag>(
        text.data(), text.size());
    if (!document.HasParseError()) return true;
    if (document.GetParseError() != rapidjson::kParseErrorNumberTooBig) return false;
    const std::string saturated = saturateHugeNumbers(text);
    document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag>(
        saturated.data(), saturated.size());
    return !document.HasParseError();
}

}  // namespace

// Text read back from Postgres (jsonb output, valid UTF-8 without NUL: the database refuses
// both) or written by our own writer: parseJson's checks for request bodies would only cost time
// here (a dbt diff parses two schemas per model).
rapidjson::Document parseStoredJson(std::string_view text) {
    rapidjson::Document document;
    if (!parseStoredText(document, text)) {
        throw std::runtime_error(std::string("stored JSON does not parse: ") +
                                 rapidjson::GetParseError_En(document.GetParseError()));
    }
    return document;
}

void writeStoredJson(JsonWriter& writer, std::string_view storedJson) {
    rapidjson::Document document;
    if (!parseStoredText(document, storedJson)) {
        writer.Null();
        return;
    }
    document.Accept(writer);
}

namespace {

void writeInKeyOrder(JsonWriter& writer, const rapidjson::Value& object,
                     std::initializer_list<std::string_view> keyOrder) {
    std::vector<const rapidjson::Value::Member*> members;
    members.reserve(object.MemberCount());
    for (const auto& member : object.GetObject()) members.push_back(&member);
    const auto rank = [&](const rapidjson::Value::Member* member) {
        const std::string_view name(member->name.GetString(), member->name.GetStringLength());
        // Unlisted names rank after every listed one, keeping their stored order.
        return static_cast<size_t>(std::find(keyOrder.begin(), keyOrder.end(), name) -
                                   keyOrder.begin());
    };
    std::stable_sort(members.begin(), members.end(),
                     [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    writer.StartObject();
    for (const auto* member : members) {
        writer.Key(member->name.GetString(), member->name.GetStringLength());
        member->value.Accept(writer);
    }
    writer.EndObject();
}

}  // namespace

void writeStoredJsonInKeyOrder(JsonWriter& writer, std::string_view storedJson,
                               std::initializer_list<std::string_view> keyOrder) {
    rapidjson::Document document;
    if (!parseStoredText(document, storedJson)) {
        writer.Null();
    } else if (document.IsObject()) {
        writeInKeyOrder(writer, document, keyOrder);
    } else if (document.IsArray()) {
        writer.StartArray();
        for (const auto& item : document.GetArray()) {
            if (item.IsObject()) {
                writeInKeyOrder(writer, item, keyOrder);
            } else {
                item.Accept(writer);
            }
        }
        writer.EndArray();
    } else {
        document.Accept(writer);
    }
}

void writeNullableTimestamp(JsonWriter& writer, const std::optional<int64_t>& epochMicros) {
    if (epochMicros) {
        writeString(writer, formatTimestamp(*epochMicros));
    } else {
        writer.Null();
    }
}

std::string jsonQuote(std::string_view text) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writeString(writer, text);
    return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<std::string> nonEmptyStringMember(const rapidjson::Value& object, const char* key) {
    if (!object.IsObject()) return std::nullopt;
    const auto member = object.FindMember(key);
    if (member == object.MemberEnd() || !member->value.IsString() ||
        member->value.GetStringLength() == 0) {
        return std::nullopt;
    }
    return std::string(member->value.GetString(), member->value.GetStringLength());
}

}  // namespace tessera::core
