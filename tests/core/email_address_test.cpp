#include "core/email_address.hpp"
#include "tests/support/catch.hpp"

using namespace tessera::core;

TEST_CASE("valid addresses are normalised: domain lower-cased, local part kept", "[email]") {
    auto check = checkEmailAddress("Jane.Doe@Example.COM");
    REQUIRE(check.valid);
    CHECK(check.normalized == "Jane.Doe@example.com");
    CHECK(checkEmailAddress("Jane Doe <jane@example.org>").normalized == "jane@example.org");
    CHECK(checkEmailAddress("o'brien+tag@sub.example.co.uk").valid);
    CHECK(checkEmailAddress("josé@example.com").valid);
}

TEST_CASE("invalid addresses say why", "[email]") {
    CHECK(checkEmailAddress("no-at-sign").reason == "An email address must have an @-sign.");
    CHECK(checkEmailAddress("@example.com").reason == "There must be something before the @-sign.");
    CHECK(checkEmailAddress("jane@").reason == "There must be something after the @-sign.");
    CHECK(checkEmailAddress("jane@localhost").reason ==
          "The part after the @-sign is not valid. It should have a period.");
    CHECK(checkEmailAddress("jane@example.test").reason ==
          "The part after the @-sign is a special-use or reserved name that cannot be used with "
          "email.");
    CHECK(checkEmailAddress("jane..doe@example.com").reason ==
          "An email address cannot have two periods in a row.");
    CHECK_FALSE(checkEmailAddress(".jane@example.com").valid);
    CHECK_FALSE(checkEmailAddress("jane@-example.com").valid);
    CHECK_FALSE(checkEmailAddress("jane@example.123").valid);
    CHECK_FALSE(checkEmailAddress("jane@[127.0.0.1]").valid);
    CHECK_FALSE(checkEmailAddress("ja ne@example.com").valid);
    CHECK_FALSE(checkEmailAddress(std::string(65, 'a') + "@example.com").valid);
    CHECK_FALSE(checkEmailAddress("a@" + std::string(250, 'b') + ".com").valid);
}
