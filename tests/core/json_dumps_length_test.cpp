// Lengths as Python's json.dumps measures them (expected values computed with CPython 3).
#include "core/json_dumps_length.hpp"

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

std::size_t spaced(const std::string& json) {
    return pythonJsonDumpsLength(parse(json));
}

std::size_t compact(const std::string& json) {
    return pythonJsonDumpsLength(parse(json), JsonDumpsSeparators::Compact);
}

}  // namespace

TEST_CASE("json.dumps length with the default separators", "[json_dumps_length]") {
    CHECK(spaced("{}") == 2);
    CHECK(spaced("[]") == 2);
    CHECK(spaced(R"({"a":1})") == 8);               // {"a": 1}
    CHECK(spaced(R"({"a":1,"b":[1,2,3]})") == 24);  // {"a": 1, "b": [1, 2, 3]}
    CHECK(spaced(R"([[],[{}]])") == 10);            // [[], [{}]]
    CHECK(spaced(R"({"a":{"b":{"c":[1,{"d":"e"}]}}})") == 36);
    CHECK(spaced(R"({"neg":-17,"big":18446744073709551615})") == 41);
}

TEST_CASE("json.dumps length escapes like ensure_ascii", "[json_dumps_length]") {
    CHECK(spaced(R"({"k":"é"})") == 15);  // "\u00e9"
    CHECK(spaced(R"({"k":"😀"})") == 21);  // a surrogate pair: "\ud83d\ude00"
    // \" \\ \n \t are two characters; \u0001 and DEL are six.
    CHECK(spaced(R"({"k":"a\"b\\c\n\t\u0001)"
                 "\x7f"
                 R"("})") == 32);
    CHECK(spaced(R"({"é":1})") == 13);  // keys are escaped too
}

TEST_CASE("json.dumps length writes floats in repr form", "[json_dumps_length]") {
    CHECK(spaced(R"({"f":1.5,"g":0.00001,"h":10.0,"i":1e16,"n":null,"t":true,"x":false})") == 79);
    CHECK(compact(R"({"f":1.5,"g":0.00001,"h":10.0,"i":1e16,"n":null,"t":true,"x":false})") == 66);
}

TEST_CASE("json.dumps length reads objects as dicts", "[json_dumps_length]") {
    // {"a": 3, "b": 2}: the repeated key keeps its first place and its last value.
    CHECK(spaced(R"({"a":1,"b":2,"a":3})") == 16);
}

TEST_CASE("compact separators", "[json_dumps_length]") {
    CHECK(compact(R"({"a":1,"b":[1,2,3]})") == 19);
    CHECK(compact(R"({"k":"😀"})") == 20);
    CHECK(compact(R"([[],[{}]])") == 9);
}

TEST_CASE("deep nesting does not recurse", "[json_dumps_length]") {
    std::string deep(10000, '[');
    deep += std::string(10000, ']');
    rapidjson::Document document;
    document.Parse<rapidjson::kParseIterativeFlag>(deep.c_str(), deep.size());
    REQUIRE_FALSE(document.HasParseError());
    // [[...]]: no separators at all.
    CHECK(pythonJsonDumpsLength(document) == 20000);
}
