// When a git sync string is quoted (spec 04 §4.1): whatever a YAML 1.1 loader (PyYAML, the
// original's) or a YAML 1.2 loader would read as anything but the same string.
#include "core/yaml_scalars.hpp"

#include <string>

#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("plain scalars resolve as PyYAML resolves them", "[core][yaml]") {
    for (const char* text : {"", "~", "null", "Null", "NULL"}) {
        INFO(text);
        CHECK(resolvePlainScalar(text) == PlainScalarKind::Null);
    }
    for (const char* text : {"yes", "No", "TRUE", "false", "on", "OFF"}) {
        INFO(text);
        CHECK(resolvePlainScalar(text) == PlainScalarKind::Bool);
    }
    for (const char* text : {"0", "-12", "+7", "1_000", "0b101", "017", "0x1F", "190:20:30"}) {
        INFO(text);
        CHECK(resolvePlainScalar(text) == PlainScalarKind::Int);
    }
    for (const char* text :
         {"1.0", ".5", "1.5e+3", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "190:20:30.15", "1."}) {
        INFO(text);
        CHECK(resolvePlainScalar(text) == PlainScalarKind::Float);
    }
    for (const char* text : {"2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43"}) {
        INFO(text);
        CHECK(resolvePlainScalar(text) == PlainScalarKind::Timestamp);
    }
    CHECK(resolvePlainScalar("<<") == PlainScalarKind::Merge);
    CHECK(resolvePlainScalar("=") == PlainScalarKind::Value);
    for (const char* text : {"1.0.0", "1e5", "y", "0o17", "nope", "data-platform", "0xZZ", "1:70",
                             "2001-1-1", "11111111-1111-1111-1111-111111111111"}) {
        INFO(text);
        CHECK(resolvePlainScalar(text) == PlainScalarKind::String);
    }
}

TEST_CASE("strings that would not read back as themselves are quoted", "[core][yaml]") {
    // Non-strings under YAML 1.1 or 1.2, and text that is no plain scalar.
    for (const char* text :
         {"#dp",    "yes",  "1.0",     "null",   "~",          "",    "42",    "-1",
          "0x1F",   "1e5",  "y",       "N",      "2024-01-01", "<<",  "=",     " lead",
          "trail ", "a: b", "a #b",    "end:",   "- item",     "-",   "? key", ":",
          "---",    "...x", "&anchor", "*alias", "!tag",       "|",   ">",     "'q'",
          "\"q\"",  "%x",   "@x",      "`x",     "[a]",        "{a}", ",a"}) {
        INFO('"' << text << '"');
        CHECK(yamlQuotingFor(text) == YamlQuoting::SingleQuoted);
    }
    // Line breaks, tabs and control characters need escapes.
    for (const std::string& text :
         {std::string("two\nlines"), std::string("tab\there"), std::string("cr\r"),
          std::string("nul\x01"), std::string("nel\xC2\x85"), std::string("ls\xE2\x80\xA8"),
          std::string("\xEF\xBB\xBF"
                      "bom")}) {
        INFO(text);
        CHECK(yamlQuotingFor(text) == YamlQuoting::DoubleQuoted);
    }
    for (const char* text : {"data-platform", "1.0.0", "analytics.public.users", "backward",
                             "11111111-1111-1111-1111-111111111111", "a:b", "a#b", "-x", "?x",
                             "nope", "hello world", "Ünïcødé", "C++", "x-"}) {
        INFO('"' << text << '"');
        CHECK(yamlQuotingFor(text) == YamlQuoting::Plain);
    }
}
