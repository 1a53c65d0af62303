// COPY text-format rows as the index load reads them.
#include "store/copy_text.hpp"

#include <catch2/catch.hpp>

using tessera::store::CopyTextRow;

TEST_CASE("COPY text rows: fields, NULL, escapes", "[copy]") {
    CopyTextRow row;
    row.parse("a\tb c\t\\N\t", 4);
    CHECK(row.text(0) == "a");
    CHECK(row.text(1) == "b c");
    CHECK_FALSE(row.field(2));
    CHECK(row.field(3) == std::optional<std::string_view>(""));

    row.parse("tab\\there\tnew\\nline\tback\\\\slash\t\\101\\x42\\r", 4);
    CHECK(row.text(0) == "tab\there");
    CHECK(row.text(1) == "new\nline");
    CHECK(row.text(2) == "back\\slash");
    CHECK(row.text(3) == "AB\r");

    // UTF-8 passes through untouched.
    row.parse("\xC3\xA9quipe\t\\N", 2);
    CHECK(row.text(0) == "\xC3\xA9quipe");

    row.parse("x\t\\N\n", 2);  // as libpqxx returns lines: with their newline
    CHECK(row.text(0) == "x");
    CHECK_FALSE(row.field(1));

    CHECK_THROWS(row.parse("only one", 2));
    CHECK_THROWS(row.parse("a\tb\tc", 2));
}

TEST_CASE("decoded fields stay valid while the row holds them", "[copy]") {
    CopyTextRow row;
    row.parse("\\ta\t\\tb\t\\tc", 3);
    CHECK(row.text(0) == "\ta");
    CHECK(row.text(1) == "\tb");
    CHECK(row.text(2) == "\tc");
}
