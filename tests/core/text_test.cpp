#include "core/text.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("lengths count code points", "[text]") {
    CHECK(codePointLength("") == 0);
    CHECK(codePointLength("abc") == 3);
    CHECK(codePointLength("héllo") == 5);
    CHECK(codePointLength("日本") == 2);
    CHECK(codePointLength("😀") == 1);
}

TEST_CASE("trimming strips Unicode whitespace at both ends only", "[text]") {
    CHECK(trimWhitespace("  a b  ") == "a b");
    CHECK(trimWhitespace("\t\n x\r\n") == "x");
    CHECK(trimWhitespace("\xC2\xA0team\xE3\x80\x80") == "team");
    CHECK(trimWhitespace("   ") == "");
    CHECK(trimWhitespace("é") == "é");
}

TEST_CASE("thousands separators", "[text]") {
    CHECK(withThousandsSeparators(0) == "0");
    CHECK(withThousandsSeparators(999) == "999");
    CHECK(withThousandsSeparators(1000000) == "1,000,000");
    CHECK(withThousandsSeparators(1234567) == "1,234,567");
    CHECK(withThousandsSeparators(-1234) == "-1,234");
}

TEST_CASE("outside text becomes valid UTF-8 for Postgres, cut at code points", "[text]") {
    using tessera::core::sanitizedUtf8Prefix;
    CHECK(sanitizedUtf8Prefix("plain", 500) == "plain");
    CHECK(sanitizedUtf8Prefix("héllo wörld", 4) == "héll");
    CHECK(sanitizedUtf8Prefix(std::string("a\0b", 3), 10) ==
          "a\xEF\xBF\xBD"
          "b");
    CHECK(sanitizedUtf8Prefix("bad \xC3(", 10) == "bad \xEF\xBF\xBD(");
    CHECK(sanitizedUtf8Prefix("cut \xE2\x82", 10) == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(sanitizedUtf8Prefix("\xED\xA0\x80", 10) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(sanitizedUtf8Prefix("emoji \xF0\x9F\x98\x80!", 7) == "emoji \xF0\x9F\x98\x80");
    CHECK(sanitizedUtf8Prefix(std::string(600, 'x'), 500).size() == 500);
}
