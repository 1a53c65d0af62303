#include "core/json.hpp"

#include <limits>
#include <string>
#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("parseJson accepts documents and renders them compactly", "[json]") {
    auto parsed = parseJson(R"({ "a" : [1, 2.5, "ü"], "b": {"c": null} })", 16);
    REQUIRE(parsed.ok);
    CHECK(toJson(parsed.document) == R"({"a":[1,2.5,"ü"],"b":{"c":null}})");
}

TEST_CASE("parseJson reports malformed JSON with an offset", "[json]") {
    auto parsed = parseJson(R"({"a": })", 16);
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.errorOffset == 6);
    CHECK_FALSE(parsed.errorMessage.empty());

    auto trailing = parseJson(R"({"a":1} x)", 16);
    CHECK_FALSE(trailing.ok);
}

TEST_CASE("nesting beyond the limit is refused before parsing", "[json]") {
    const std::string deep(1000000, '[');
    auto parsed = parseJson(deep, 128);
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.errorOffset == 128);

    std::string ok = std::string(128, '[') + std::string(128, ']');
    CHECK(parseJson(ok, 128).ok);
    CHECK_FALSE(parseJson("[" + ok + "]", 128).ok);
}

TEST_CASE("brackets inside strings do not count as nesting", "[json]") {
    const std::string text = R"({"a":"[[[[[[[[[[\"[[[[["})";
    CHECK_FALSE(findNestingViolation(text, 2).has_value());
    CHECK(parseJson(text, 2).ok);
}

TEST_CASE("stored jsonb text is re-emitted compactly", "[json]") {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writer.StartArray();
    writeStoredJson(writer, R"({"a": 1, "b": [true, "x"]})");
    writeStoredJson(writer, "not json");
    writer.EndArray();
    CHECK(std::string(buffer.GetString()) == R"([{"a":1,"b":[true,"x"]},null])");
}

TEST_CASE("jsonQuote escapes for embedding", "[json]") {
    CHECK(jsonQuote("a\"b\\c\n") == R"("a\"b\\c\n")");
}

TEST_CASE("writeNullableTimestamp writes the default form or null", "[json]") {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writer.StartArray();
    writeNullableTimestamp(writer, int64_t{1714557600120000});
    writeNullableTimestamp(writer, std::nullopt);
    writer.EndArray();
    CHECK(std::string(buffer.GetString()) == R"(["2024-05-01T10:00:00.120000Z",null])");
}

TEST_CASE("a repeated key keeps its first place and its last value, as Python's dict", "[json]") {
    const auto parsed = [](const std::string& text) {
        auto result = parseJson(text, 64);
        REQUIRE(result.ok);
        return toJson(result.document);
    };
    CHECK(parsed(R"({"a":1,"b":2,"a":3})") == R"({"a":3,"b":2})");
    CHECK(parsed(R"({"a":1,"a":2,"a":{"x":1,"x":[{"y":1,"y":2}]}})") == R"({"a":{"x":[{"y":2}]}})");
    CHECK(parsed(R"([{"k":1,"k":2},{"k":3}])") == R"([{"k":2},{"k":3}])");
    // Large objects (compared through a map) likewise.
    std::string large = "{";
    for (int i = 0; i < 40; ++i)
        large += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    large += R"("k3":"last","k39":null})";
    const std::string kept = parsed(large);
    CHECK(kept.find(R"("k3":"last","k4":4)") != std::string::npos);
    CHECK(kept.find(R"("k39":null})") != std::string::npos);
    CHECK(kept.find("\"k3\":3") == std::string::npos);
}

TEST_CASE("stored numbers beyond a double's range saturate instead of failing the value",
          "[json]") {
    // jsonb keeps numbers of any size; RapidJSON alone refused the whole document.
    const auto document = parseStoredJson(R"({"big":1e400,"small":-1e400,"n":[1,2.5,-3],"s":"x"})");
    REQUIRE(document.IsObject());
    CHECK(document["big"].GetDouble() == std::numeric_limits<double>::max());
    CHECK(document["small"].GetDouble() == -std::numeric_limits<double>::max());
    CHECK(document["n"][0].GetInt64() == 1);
    CHECK(document["n"][1].GetDouble() == 2.5);
    CHECK(document["n"][2].GetInt64() == -3);
    CHECK(std::string(document["s"].GetString()) == "x");
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    writeStoredJson(writer, R"({"a": 123456789012345678901234567890, "b": 1e999})");
    CHECK(std::string(buffer.GetString()).rfind(R"({"a":1.2345678901234568e29,"b":1.79769)", 0) ==
          0);
    CHECK_THROWS(parseStoredJson("{not json"));
}
