#include "core/python_repr.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <unordered_map>
#include <utility>

#include "core/hex.hpp"

namespace tessera::core {
namespace {

using rapidjson::Value;

// Code points that Python's str.isprintable() rejects, beyond ASCII: categories Cc, Cf, Cs,
// Co, Zs (except space), Zl, Zp and the noncharacters (Unicode 14, Python 3.11). Unassigned
// code points (Cn), which Python also escapes, are rendered as-is: their set changes with every
// Unicode release and they do not occur in real schemas.
struct CodePointRange {
    char32_t first;
    char32_t last;
};
constexpr std::array<CodePointRange, 42> kNonPrintable{{
    {0x0, 0x1F},        {0x7F, 0xA0},        {0xAD, 0xAD},       {0x600, 0x605},
    {0x61C, 0x61C},     {0x6DD, 0x6DD},      {0x70F, 0x70F},     {0x890, 0x891},
    {0x8E2, 0x8E2},     {0x1680, 0x1680},    {0x180E, 0x180E},   {0x2000, 0x200F},
    {0x2028, 0x202F},   {0x205F, 0x2064},    {0x2066, 0x206F},   {0x3000, 0x3000},
    {0xD800, 0xF8FF},   {0xFDD0, 0xFDEF},    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},
    {0xFFFE, 0xFFFF},   {0x110BD, 0x110BD},  {0x110CD, 0x110CD}, {0x13430, 0x13438},
    {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},  {0x1FFFE, 0x1FFFF}, {0x2FFFE, 0x2FFFF},
    {0x3FFFE, 0x3FFFF}, {0x4FFFE, 0x4FFFF},  {0x5FFFE, 0x5FFFF}, {0x6FFFE, 0x6FFFF},
    {0x7FFFE, 0x7FFFF}, {0x8FFFE, 0x8FFFF},  {0x9FFFE, 0x9FFFF}, {0xAFFFE, 0xAFFFF},
    {0xBFFFE, 0xBFFFF}, {0xCFFFE, 0xCFFFF},  {0xDFFFE, 0xDFFFF}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F}, {0xEFFFE, 0x10FFFF},
}};

bool isPrintable(char32_t cp) {
    auto after = std::upper_bound(kNonPrintable.begin(), kNonPrintable.end(), cp,
                                  [](char32_t c, const CodePointRange& r) { return c < r.first; });
    if (after == kNonPrintable.begin()) return true;
    return cp > std::prev(after)->last;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void appendHexEscape(std::string& out, char prefix, char32_t cp, int digits) {
    out += '\\';
    out += prefix;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += kHexDigits[(cp >> shift) & 0xF];
}

void appendReprString(std::string& out, std::string_view text) {
    const bool hasSingle = text.find('\'') != std::string_view::npos;
    const bool hasDouble = text.find('"') != std::string_view::npos;
    const char quote = (hasSingle && !hasDouble) ? '"' : '\'';
    out += quote;
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = nextCodePoint(text, pos);
        if (cp == static_cast<char32_t>(quote) || cp == U'\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == U'\t') {
            out += "\\t";
        } else if (cp == U'\n') {
            out += "\\n";
        } else if (cp == U'\r') {
            out += "\\r";
        } else if (cp >= 0x20 && cp < 0x7F) {
            out += static_cast<char>(cp);
        } else if (isPrintable(cp)) {
            appendUtf8(out, cp);
        } else if (cp <= 0xFF) {
            appendHexEscape(out, 'x', cp, 2);
        } else if (cp <= 0xFFFF) {
            appendHexEscape(out, 'u', cp, 4);
        } else {
            appendHexEscape(out, 'U', cp, 8);
        }
    }
    out += quote;
}

void appendNumber(std::string& out, const Value& number) {
    if (number.IsDouble()) {
        out += pythonFloatRepr(number.GetDouble());
    } else if (number.IsInt64()) {
        out += std::to_string(number.GetInt64());
    } else {
        out += std::to_string(number.GetUint64());
    }
}

void appendRepr(std::string& out, const Value& value, std::size_t depth) {
    if (depth > kMaxRenderDepth) {
        out += "...";
        return;
    }
    switch (value.GetType()) {
        case rapidjson::kNullType:
            out += "None";
            return;
        case rapidjson::kFalseType:
            out += "False";
            return;
        case rapidjson::kTrueType:
            out += "True";
            return;
        case rapidjson::kNumberType:
            appendNumber(out, value);
            return;
        case rapidjson::kStringType:
            appendReprString(out, stringView(value));
            return;
        case rapidjson::kArrayType: {
            out += '[';
            bool first = true;
            for (const Value& element : value.GetArray()) {
                if (!first) out += ", ";
                first = false;
                appendRepr(out, element, depth + 1);
            }
            out += ']';
            return;
        }
        case rapidjson::kObjectType: {
            out += '{';
            bool first = true;
            for (const DictItem& item : dictItems(value)) {
                if (!first) out += ", ";
                first = false;
                appendReprString(out, item.key);
                out += ": ";
                appendRepr(out, *item.value, depth + 1);
            }
            out += '}';
            return;
        }
    }
}

// A number as sign and magnitude, so int64 and uint64 values compare without overflow.
struct SignedMagnitude {
    bool negative;
    std::uint64_t magnitude;
};

SignedMagnitude integerParts(const Value& integer) {
    if (integer.IsUint64()) return {false, integer.GetUint64()};
    const std::int64_t v = integer.GetInt64();
    // Negating through uint64 is well defined even for INT64_MIN.
    return {true, 0 - static_cast<std::uint64_t>(v)};
}

int compareMagnitudes(SignedMagnitude a, SignedMagnitude b) {
    if (a.magnitude == 0) a.negative = false;
    if (b.magnitude == 0) b.negative = false;
    if (a.negative != b.negative) return a.negative ? -1 : 1;
    if (a.magnitude == b.magnitude) return 0;
    const bool aSmaller = a.magnitude < b.magnitude;
    return (aSmaller != a.negative) ? -1 : 1;
}

// Compares an integer-valued JSON number with a double, exactly.
int compareIntegerWithDouble(const Value& integer, double d) {
    constexpr double kTwoTo64 = 18446744073709551616.0;
    constexpr double kMinusTwoTo63 = -9223372036854775808.0;
    if (d >= kTwoTo64) return -1;
    if (d < kMinusTwoTo63) return 1;
    const double whole = std::trunc(d);
    const SignedMagnitude wholeParts =
        whole < 0 ? SignedMagnitude{true, static_cast<std::uint64_t>(-whole)}
                  : SignedMagnitude{false, static_cast<std::uint64_t>(whole)};
    const int byWhole = compareMagnitudes(integerParts(integer), wholeParts);
    if (byWhole != 0) return byWhole;
    const double fraction = d - whole;
    if (fraction > 0) return -1;
    if (fraction < 0) return 1;
    return 0;
}

int compareDoubles(double a, double b) {
    if (a < b) return -1;
    if (a > b) return 1;
    return 0;
}

std::size_t mixHash(std::size_t seed, std::size_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// Hash consistent with jsonEquals: equal values hash equally (numbers hash by double value,
// objects by an order-independent sum). Below kMaxHashDepth everything hashes alike, which only
// costs collisions, never correctness.
constexpr std::size_t kMaxHashDepth = 32;

std::size_t hashJson(const Value& value, std::size_t depth) {
    if (depth > kMaxHashDepth) return 7;
    switch (value.GetType()) {
        case rapidjson::kNullType:
            return 1;
        case rapidjson::kFalseType:
            return 2;
        case rapidjson::kTrueType:
            return 3;
        case rapidjson::kNumberType: {
            const double d = value.GetDouble();
            return std::hash<double>{}(d == 0 ? 0.0 : d);
        }
        case rapidjson::kStringType:
            return std::hash<std::string_view>{}(stringView(value));
        case rapidjson::kArrayType: {
            std::size_t h = 4;
            for (const Value& element : value.GetArray()) {
                h = mixHash(h, hashJson(element, depth + 1));
            }
            return h;
        }
        case rapidjson::kObjectType: {
            std::size_t h = 5;
            for (const DictItem& item : dictItems(value)) {
                h += mixHash(std::hash<std::string_view>{}(item.key),
                             hashJson(*item.value, depth + 1));
            }
            return h;
        }
    }
    return 0;
}

// A multiset of JSON values bucketed by hash, for set membership in linear average time.
class JsonValueIndex {
  public:
    bool contains(const Value& value) const { return find(value, hashJson(value, 0)); }

    // Adds the value unless an equal one is present; returns whether it was added.
    bool insert(const Value& value) {
        const std::size_t h = hashJson(value, 0);
        if (find(value, h)) return false;
        buckets_[h].push_back(&value);
        return true;
    }

  private:
    bool find(const Value& value, std::size_t h) const {
        auto bucket = buckets_.find(h);
        if (bucket == buckets_.end()) return false;
        return std::any_of(bucket->second.begin(), bucket->second.end(),
                           [&](const Value* member) { return jsonEquals(*member, value); });
    }

    std::unordered_map<std::size_t, std::vector<const Value*>> buckets_;
};

// Objects up to this size are searched linearly; larger ones get a hash map.
constexpr std::size_t kLinearSearchLimit = 16;

const Value* findItem(const std::vector<DictItem>& items, std::string_view key) {
    for (const DictItem& item : items) {
        if (item.key == key) return item.value;
    }
    return nullptr;
}

}  // namespace

char32_t nextCodePoint(std::string_view text, std::size_t& pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07, minimum = 0x10000;
    } else {
        ++pos;
        return 0xFFFD;
    }
    if (pos + length > text.size()) {
        ++pos;
        return 0xFFFD;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto continuation = static_cast<unsigned char>(text[pos + i]);
        if ((continuation & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (continuation & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF) {
        ++pos;
        return 0xFFFD;
    }
    pos += length;
    return cp;
}

std::string pythonFloatRepr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";

    // Shortest round-trip digits, as "[-]d[.ddd]e[+-]x".
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string_view scientific(buffer, static_cast<std::size_t>(result.ptr - buffer));
    const std::size_t ePos = scientific.find('e');
    std::string digits;
    std::string sign;
    for (char c : scientific.substr(0, ePos)) {
        if (c == '-') sign = "-";
        if (c >= '0' && c <= '9') digits += c;
    }
    int exponent = 0;
    const std::string_view exponentText = scientific.substr(ePos + 1);
    std::from_chars(exponentText.data() + (exponentText.front() == '+' ? 1 : 0),
                    exponentText.data() + exponentText.size(), exponent);

    std::string out = sign;
    if (exponent < -4 || exponent > 15) {
        out += digits.front();
        if (digits.size() > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += exponent < 0 ? "e-" : "e+";
        const std::string magnitude = std::to_string(exponent < 0 ? -exponent : exponent);
        if (magnitude.size() < 2) out += '0';
        out += magnitude;
        return out;
    }
    // Positional: the decimal point sits after `pointPosition` digits.
    const int pointPosition = exponent + 1;
    const auto digitCount = static_cast<int>(digits.size());
    if (pointPosition <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-pointPosition), '0');
        out += digits;
    } else if (pointPosition >= digitCount) {
        out += digits;
        out.append(static_cast<std::size_t>(pointPosition - digitCount), '0');
        out += ".0";
    } else {
        out.append(digits, 0, static_cast<std::size_t>(pointPosition));
        out += '.';
        out.append(digits, static_cast<std::size_t>(pointPosition));
    }
    return out;
}

std::string pythonRepr(const Value& value) {
    std::string out;
    appendRepr(out, value, 0);
    return out;
}

std::string pythonStr(const Value& value) {
    if (value.IsString()) return std::string(stringView(value));
    return pythonRepr(value);
}

std::string pythonJsonQuote(std::string_view utf8) {
    std::string out = "\"";
    const auto appendUnit = [&](unsigned unit) { appendHexEscape(out, 'u', unit, 4); };
    for (size_t pos = 0; pos < utf8.size();) {
        const char32_t cp = nextCodePoint(utf8, pos);
        switch (cp) {
            case U'"':
                out += "\\\"";
                break;
            case U'\\':
                out += "\\\\";
                break;
            case U'\n':
                out += "\\n";
                break;
            case U'\r':
                out += "\\r";
                break;
            case U'\t':
                out += "\\t";
                break;
            case U'\b':
                out += "\\b";
                break;
            case U'\f':
                out += "\\f";
                break;
            default:
                if (cp >= 0x20 && cp < 0x7F) {
                    out += static_cast<char>(cp);
                } else if (cp < 0x10000) {
                    appendUnit(static_cast<unsigned>(cp));
                } else {
                    const char32_t v = cp - 0x10000;
                    appendUnit(0xD800 + static_cast<unsigned>(v >> 10));
                    appendUnit(0xDC00 + static_cast<unsigned>(v & 0x3FF));
                }
        }
    }
    out += "\"";
    return out;
}

std::string pythonReprString(std::string_view utf8) {
    std::string out;
    appendReprString(out, utf8);
    return out;
}

std::string pythonSetRepr(const std::vector<const Value*>& members) {
    if (members.empty()) return "set()";
    std::string out = "{";
    bool first = true;
    for (const Value* member : members) {
        if (!first) out += ", ";
        first = false;
        appendRepr(out, *member, 1);
    }
    out += '}';
    return out;
}

int compareJsonNumbers(const Value& a, const Value& b) {
    if (a.IsDouble() && b.IsDouble()) return compareDoubles(a.GetDouble(), b.GetDouble());
    if (a.IsDouble()) return -compareIntegerWithDouble(b, a.GetDouble());
    if (b.IsDouble()) return compareIntegerWithDouble(a, b.GetDouble());
    return compareMagnitudes(integerParts(a), integerParts(b));
}

bool jsonEquals(const Value& a, const Value& b) {
    std::vector<std::pair<const Value*, const Value*>> pending{{&a, &b}};
    while (!pending.empty()) {
        const auto [x, y] = pending.back();
        pending.pop_back();
        if (x->IsNumber() && y->IsNumber()) {
            if (compareJsonNumbers(*x, *y) != 0) return false;
            continue;
        }
        if (x->GetType() != y->GetType()) return false;
        if (x->IsString()) {
            if (stringView(*x) != stringView(*y)) return false;
        } else if (x->IsArray()) {
            if (x->Size() != y->Size()) return false;
            for (rapidjson::SizeType i = 0; i < x->Size(); ++i)
                pending.emplace_back(&(*x)[i], &(*y)[i]);
        } else if (x->IsObject()) {
            const std::vector<DictItem> xItems = dictItems(*x);
            const std::vector<DictItem> yItems = dictItems(*y);
            if (xItems.size() != yItems.size()) return false;
            std::unordered_map<std::string_view, const Value*> yByKey;
            if (yItems.size() > kLinearSearchLimit) {
                for (const DictItem& item : yItems) yByKey.emplace(item.key, item.value);
            }
            for (const DictItem& item : xItems) {
                const Value* other = nullptr;
                if (yByKey.empty()) {
                    other = findItem(yItems, item.key);
                } else if (auto found = yByKey.find(item.key); found != yByKey.end()) {
                    other = found->second;
                }
                if (other == nullptr) return false;
                pending.emplace_back(item.value, other);
            }
        }
    }
    return true;
}

bool isPythonTruthy(const Value& value) {
    switch (value.GetType()) {
        case rapidjson::kNullType:
        case rapidjson::kFalseType:
            return false;
        case rapidjson::kTrueType:
            return true;
        case rapidjson::kNumberType:
            if (value.IsDouble()) return value.GetDouble() != 0;
            return value.IsUint64() ? value.GetUint64() != 0 : value.GetInt64() != 0;
        case rapidjson::kStringType:
            return value.GetStringLength() != 0;
        case rapidjson::kArrayType:
            return !value.Empty();
        case rapidjson::kObjectType:
            return value.MemberCount() != 0;
    }
    return false;
}

std::vector<DictItem> dictItems(const Value& object) {
    std::vector<DictItem> items;
    if (!object.IsObject()) return items;
    items.reserve(object.MemberCount());
    std::unordered_map<std::string_view, std::size_t> positionByKey;
    const bool useIndex = object.MemberCount() > kLinearSearchLimit;
    for (auto member = object.MemberBegin(); member != object.MemberEnd(); ++member) {
        const std::string_view key = stringView(member->name);
        if (useIndex) {
            auto [position, inserted] = positionByKey.emplace(key, items.size());
            if (!inserted) {
                items[position->second].value = &member->value;
                continue;
            }
        } else {
            auto existing = std::find_if(items.begin(), items.end(),
                                         [&](const DictItem& item) { return item.key == key; });
            if (existing != items.end()) {
                existing->value = &member->value;
                continue;
            }
        }
        items.push_back({key, &member->value});
    }
    return items;
}

const Value* dictGet(const Value& object, std::string_view key) {
    if (!object.IsObject()) return nullptr;
    const Value* found = nullptr;
    for (auto member = object.MemberBegin(); member != object.MemberEnd(); ++member) {
        if (stringView(member->name) == key) found = &member->value;
    }
    return found;
}

std::vector<const Value*> distinctElements(const Value& array) {
    std::vector<const Value*> distinct;
    if (!array.IsArray()) return distinct;
    JsonValueIndex seen;
    for (const Value& element : array.GetArray()) {
        if (seen.insert(element)) distinct.push_back(&element);
    }
    return distinct;
}

std::vector<const Value*> setDifference(const std::vector<const Value*>& from,
                                        const std::vector<const Value*>& other) {
    JsonValueIndex otherIndex;
    for (const Value* member : other) otherIndex.insert(*member);
    std::vector<const Value*> difference;
    for (const Value* member : from) {
        if (!otherIndex.contains(*member)) difference.push_back(member);
    }
    return difference;
}

}  // namespace tessera::core
