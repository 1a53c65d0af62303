// Python value semantics: the texts and rules clients of the original service observe.
#include "core/python_repr.hpp"

#include <string>

#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;

rapidjson::Document parse(const std::string& json) {
    rapidjson::Document document;
    document.Parse<rapidjson::kParseFullPrecisionFlag>(json.c_str(), json.size());
    REQUIRE_FALSE(document.HasParseError());
    return document;
}

std::string repr(const std::string& json) {
    return pythonRepr(parse(json));
}

}  // namespace

TEST_CASE("repr renders scalars like Python", "[python_repr]") {
    CHECK(repr("null") == "None");
    CHECK(repr("true") == "True");
    CHECK(repr("false") == "False");
    CHECK(repr("0") == "0");
    CHECK(repr("-17") == "-17");
    CHECK(repr("18446744073709551615") == "18446744073709551615");
    CHECK(repr("-9223372036854775808") == "-9223372036854775808");
}

TEST_CASE("repr renders floats in Python's shortest form", "[python_repr]") {
    CHECK(repr("10.0") == "10.0");
    CHECK(repr("1.0") == "1.0");
    CHECK(repr("1.5") == "1.5");
    CHECK(repr("0.1") == "0.1");
    CHECK(repr("-0.0") == "-0.0");
    CHECK(repr("0.0001") == "0.0001");
    CHECK(repr("0.00001") == "1e-05");
    CHECK(repr("1e15") == "1000000000000000.0");
    CHECK(repr("1e16") == "1e+16");
    CHECK(repr("1.5e300") == "1.5e+300");
    CHECK(repr("123456.789") == "123456.789");
    CHECK(repr("-1e-7") == "-1e-07");
    CHECK(repr("1e2") == "100.0");
    CHECK(pythonFloatRepr(5e-324) == "5e-324");
    CHECK(pythonFloatRepr(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(pythonFloatRepr(9999999999999998.0) == "9999999999999998.0");
}

TEST_CASE("repr quotes strings like Python", "[python_repr]") {
    CHECK(repr(R"("id")") == "'id'");
    CHECK(repr(R"("")") == "''");
    SECTION("double quotes when the text holds ' but no \"") {
        CHECK(repr(R"("it's")") == R"("it's")");
    }
    SECTION("single quotes, escaped, when the text holds both") {
        CHECK(repr(R"("it's \"x\"")") == R"('it\'s "x"')");
    }
    SECTION("escapes") {
        CHECK(repr(R"("a\\b")") == R"('a\\b')");
        CHECK(repr(R"("a\nb\tc\rd")") == R"('a\nb\tc\rd')");
        CHECK(repr(R"("\u0000\u001b\u007f")") == R"('\x00\x1b\x7f')");
    }
    SECTION("non-printable non-ASCII is escaped by width") {
        CHECK(repr(R"("\u0085\u00a0\u00ad")") == R"('\x85\xa0\xad')");
        CHECK(repr(R"("\u200b\u2028\ufeff")") == R"('\u200b\u2028\ufeff')");
        CHECK(repr(R"("\udb40\udc01")") == R"('\U000e0001')");
        CHECK(repr(R"("\udc00")") == R"('\udc00')");
    }
    SECTION("printable non-ASCII is kept") {
        CHECK(repr("\"\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80\"") ==
              "'\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80'");
    }
    SECTION("invalid UTF-8 renders as U+FFFD instead of failing") {
        CHECK(pythonReprString("a\xFF") == "'a\xEF\xBF\xBD'");
        CHECK(pythonReprString("\xE6\x97") == "'\xEF\xBF\xBD\xEF\xBF\xBD'");
    }
}

TEST_CASE("repr renders containers like Python", "[python_repr]") {
    CHECK(repr("[]") == "[]");
    CHECK(repr("{}") == "{}");
    CHECK(repr(R"([{"type":"x"}])") == "[{'type': 'x'}]");
    CHECK(repr(R"({"k":1,"k2":[true,null,"s"]})") == "{'k': 1, 'k2': [True, None, 's']}");
    CHECK(repr(R"({"max_staleness_minutes":60})") == "{'max_staleness_minutes': 60}");
}

TEST_CASE("str renders a top-level string raw and everything else as repr", "[python_repr]") {
    CHECK(pythonStr(parse(R"("x")")) == "x");
    CHECK(pythonStr(parse("true")) == "True");
    CHECK(pythonStr(parse("10.0")) == "10.0");
    CHECK(pythonStr(parse(R"(["string","null"])")) == "['string', 'null']");
}

TEST_CASE("set repr uses braces, or set() when empty", "[python_repr]") {
    const auto values = parse(R"(["pending","b",1,{"a":null}])");
    CHECK(pythonSetRepr({&values[0]}) == "{'pending'}");
    CHECK(pythonSetRepr({&values[1], &values[2], &values[3]}) == "{'b', 1, {'a': None}}");
    CHECK(pythonSetRepr({}) == "set()");
}

TEST_CASE("repr of very deep values is bounded", "[python_repr]") {
    std::string deep(1000, '[');
    deep += std::string(1000, ']');
    rapidjson::Document document;
    document.Parse(deep.c_str());
    REQUIRE_FALSE(document.HasParseError());
    const std::string rendered = pythonRepr(document);
    CHECK(rendered.find("...") != std::string::npos);
    CHECK(rendered.size() < 2 * kMaxRenderDepth + 10);
}

TEST_CASE("jsonEquals compares numbers by value and objects as dicts", "[python_repr]") {
    auto equal = [](const std::string& a, const std::string& b) {
        return jsonEquals(parse(a), parse(b));
    };
    CHECK(equal("10", "10.0"));
    CHECK(equal("-0.0", "0"));
    CHECK(equal(R"({"a":1,"b":[1,2]})", R"({"b":[1.0,2],"a":1})"));
    CHECK_FALSE(equal("[1,2]", "[2,1]"));
    CHECK_FALSE(equal("true", "1"));
    CHECK_FALSE(equal("false", "0"));
    CHECK_FALSE(equal("null", "false"));
    CHECK_FALSE(equal(R"("1")", "1"));
    CHECK_FALSE(equal(R"({"a":1})", R"({"a":1,"b":2})"));
    CHECK_FALSE(equal(R"({"a":1})", R"({"b":1})"));
    SECTION("integers and doubles compare exactly") {
        CHECK_FALSE(equal("9007199254740993", "9007199254740992.0"));
        CHECK(equal("9007199254740992", "9007199254740992.0"));
        CHECK_FALSE(equal("18446744073709551615", "18446744073709551616.0"));
    }
    SECTION("large objects") {
        std::string a = "{", b = "{";
        for (int i = 0; i < 100; ++i) {
            // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on
            // `const char* + std::string&&` here.
            if (i > 0) {
                a += ',';
                b += ',';
            }
            a += "\"k" + std::to_string(i) + "\":" + std::to_string(i);
            b += "\"k" + std::to_string(99 - i) + "\":" + std::to_string(99 - i);
        }
        CHECK(equal(a + "}", b + "}"));
    }
    SECTION("deep values do not recurse") {
        std::string deep(5000, '[');
        deep += std::string(5000, ']');
        rapidjson::Document x, y;
        x.Parse(deep.c_str());
        y.Parse(deep.c_str());
        CHECK(jsonEquals(x, y));
    }
}

TEST_CASE("compareJsonNumbers is exact across representations", "[python_repr]") {
    auto compare = [](const std::string& a, const std::string& b) {
        return compareJsonNumbers(parse(a), parse(b));
    };
    CHECK(compare("1", "2") == -1);
    CHECK(compare("2.5", "2") == 1);
    CHECK(compare("-3", "-2.5") == -1);
    CHECK(compare("100", "100.0") == 0);
    CHECK(compare("-9223372036854775808", "18446744073709551615") == -1);
    CHECK(compare("18446744073709551615", "1e30") == -1);
    CHECK(compare("-9223372036854775808", "-1e30") == 1);
    CHECK(compare("9007199254740993", "9007199254740992.0") == 1);
}

TEST_CASE("truthiness follows Python", "[python_repr]") {
    for (const char* falsy : {"false", "null", "0", "0.0", "\"\"", "[]", "{}"}) {
        CHECK_FALSE(isPythonTruthy(parse(falsy)));
    }
    for (const char* truthy : {"true", "1", "-1", "0.5", "\"no\"", "[0]", "{\"a\":0}"}) {
        CHECK(isPythonTruthy(parse(truthy)));
    }
}

TEST_CASE("objects read as dicts: first position, last value", "[python_repr]") {
    const auto object = parse(R"({"a":1,"b":2,"a":3})");
    const auto items = dictItems(object);
    REQUIRE(items.size() == 2);
    CHECK(items[0].key == "a");
    CHECK(items[0].value->GetInt() == 3);
    CHECK(items[1].key == "b");
    CHECK(dictGet(object, "a")->GetInt() == 3);
    CHECK(dictGet(object, "zzz") == nullptr);
    CHECK(dictGet(parse("[1]"), "a") == nullptr);
    CHECK(dictItems(parse("5")).empty());
    CHECK(pythonRepr(object) == "{'a': 3, 'b': 2}");
}

TEST_CASE("set helpers keep first-appearance order", "[python_repr]") {
    const auto values = parse(R"([["b","a",1,"b",1.0,true,{"x":1},{"x":1.0}], ["a","c",true]])");
    const auto left = distinctElements(values[0]);
    REQUIRE(left.size() == 5);
    CHECK(pythonSetRepr(left) == "{'b', 'a', 1, True, {'x': 1}}");
    const auto right = distinctElements(values[1]);
    CHECK(pythonSetRepr(setDifference(left, right)) == "{'b', 1, {'x': 1}}");
    CHECK(pythonSetRepr(setDifference(right, left)) == "{'c'}");
    CHECK(distinctElements(parse(R"({"a":1})")).empty());
}

TEST_CASE("set helpers are linear on large inputs", "[python_repr]") {
    std::string json = "[";
    for (int i = 0; i < 50000; ++i) json += (i ? ",\"v" : "\"v") + std::to_string(i) + "\"";
    json += "]";
    const auto values = parse(json);
    const auto distinct = distinctElements(values);
    CHECK(distinct.size() == 50000);
    CHECK(setDifference(distinct, distinct).empty());
}

TEST_CASE("json.dumps string literals with ensure_ascii", "[python]") {
    using tessera::core::pythonJsonQuote;
    CHECK(pythonJsonQuote("plain") == "\"plain\"");
    CHECK(pythonJsonQuote("a\"b\\c\nd\te") == "\"a\\\"b\\\\c\\nd\\te\"");
    CHECK(pythonJsonQuote("caf\xC3\xA9") == "\"caf\\u00e9\"");
    CHECK(pythonJsonQuote("\x01") == "\"\\u0001\"");
    CHECK(pythonJsonQuote("\x7F") == "\"\\u007f\"");
    CHECK(pythonJsonQuote("\xF0\x9F\x98\x80") == "\"\\ud83d\\ude00\"");
}
