#include "core/user_rules.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("user names follow the pattern of spec 01 §15", "[user]") {
    CHECK_FALSE(userNameRuleViolation("Jane"));
    CHECK_FALSE(userNameRuleViolation("J"));
    CHECK_FALSE(userNameRuleViolation("Mary-Jane O'Neil"));
    CHECK(userNameRuleViolation("") == "Name cannot be empty or whitespace only");
    CHECK(userNameRuleViolation("Jane2").has_value());
    CHECK(userNameRuleViolation("'Jane").has_value());
    CHECK(userNameRuleViolation("Jane_Doe").has_value());
}
