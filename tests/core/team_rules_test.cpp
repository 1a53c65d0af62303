#include "core/team_rules.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("team names follow the pattern of spec 01 §15", "[team]") {
    CHECK_FALSE(teamNameRuleViolation("analytics"));
    CHECK_FALSE(teamNameRuleViolation("a"));
    CHECK_FALSE(teamNameRuleViolation("Data Platform-2_x"));
    CHECK(teamNameRuleViolation("") == "Team name cannot be empty or whitespace only");
    CHECK(teamNameRuleViolation("-team").has_value());
    CHECK(teamNameRuleViolation("team_").has_value());
    CHECK(teamNameRuleViolation("te@m").has_value());
    CHECK(teamNameRuleViolation("équipe").has_value());
}
