#include "core/text.hpp"

#include <catch2/catch.hpp>

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
