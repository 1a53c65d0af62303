// Contract versions: formats (01 §15, 02 §5.1), precedence, and the publish rules of 03 §7.
#include "core/semver.hpp"

#include <string>
#include <vector>

#include "tests/support/catch.hpp"

namespace {

using namespace tessera::core;

int compare(const std::string& a, const std::string& b) {
    const auto left = parseSemanticVersion(a);
    const auto right = parseSemanticVersion(b);
    REQUIRE(left);
    REQUIRE(right);
    return compareSemanticVersions(*left, *right);
}

}  // namespace

TEST_CASE("contract version: length first, then pattern", "[semver]") {
    CHECK(checkContractVersion("1.0.0") == VersionFormatError::None);
    CHECK(checkContractVersion("10.20.30-rc.1+build.5") == VersionFormatError::None);
    CHECK(checkContractVersion("1.0.0-alpha-1.x") == VersionFormatError::None);
    CHECK(checkContractVersion("1.0.0+b1") == VersionFormatError::None);
    // 02 §5.1 examples: "1.0" and "" fail on length, "v1.0.0" and "1.0.0 beta" on the pattern.
    CHECK(checkContractVersion("1.0") == VersionFormatError::TooShort);
    CHECK(checkContractVersion("") == VersionFormatError::TooShort);
    CHECK(checkContractVersion("v1.0.0") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1.0.0 beta") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1.0.0-") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1.0.0+") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1.0.0+b-1+c") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1.0.0\n") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1..0.0") == VersionFormatError::PatternMismatch);
    CHECK(checkContractVersion("1.0.0-\xC3\xA9") == VersionFormatError::PatternMismatch);
    SECTION("50 characters pass, 51 do not") {
        const std::string fifty = "1.0.0-" + std::string(44, 'a');
        CHECK(checkContractVersion(fifty) == VersionFormatError::None);
        CHECK(checkContractVersion(fifty + "a") == VersionFormatError::TooLong);
    }
    SECTION("\\d is any Unicode decimal digit, length counts code points") {
        CHECK(checkContractVersion("\xD9\xA1.\xD9\xA0.\xD9\xA0") == VersionFormatError::None);
        CHECK(checkContractVersion("\xEF\xBC\x91.\xEF\xBC\x90.\xEF\xBC\x90") ==
              VersionFormatError::None);
        CHECK(checkContractVersion("\xF0\x9D\x9F\x8F.\xF0\x9D\x9F\x8E.\xF0\x9D\x9F\x8E") ==
              VersionFormatError::None);
        // Superscript two is a digit (No) but not a decimal digit (Nd).
        CHECK(checkContractVersion("\xC2\xB2.0.0") == VersionFormatError::PatternMismatch);
        // 7 bytes but 3 code points.
        CHECK(checkContractVersion("\xEF\xBC\x91.\xEF\xBC\x90") == VersionFormatError::TooShort);
        std::string wide;
        for (int i = 0; i < 20; ++i) wide += "\xEF\xBC\x91";
        CHECK(checkContractVersion(wide + ".0.0") == VersionFormatError::None);
    }
}

TEST_CASE("pinned version is plain X.Y.Z", "[semver]") {
    CHECK(isValidPinnedVersion("1.2.3"));
    CHECK(isValidPinnedVersion("0.0.0"));
    CHECK(isValidPinnedVersion("\xEF\xBC\x91.2.3"));
    CHECK_FALSE(isValidPinnedVersion("1.2.3-rc.1"));
    CHECK_FALSE(isValidPinnedVersion("1.2"));
    CHECK_FALSE(isValidPinnedVersion("latest"));
    CHECK_FALSE(isValidPinnedVersion(""));
    CHECK(kPinnedVersionPattern == R"(^\d+\.\d+\.\d+$)");
}

TEST_CASE("semantic version parsing", "[semver]") {
    const auto version = parseSemanticVersion("01.002.3-rc.1.x-y+build.7");
    REQUIRE(version);
    CHECK(version->major == "1");
    CHECK(version->minor == "2");
    CHECK(version->patch == "3");
    CHECK(version->prerelease == std::vector<std::string>{"rc", "1", "x-y"});
    CHECK(version->build == "build.7");
    CHECK_FALSE(parseSemanticVersion("1.0"));
    CHECK_FALSE(parseSemanticVersion("v1.0.0"));
    const auto unicode = parseSemanticVersion("\xEF\xBC\x91\xEF\xBC\x92.0.0");
    REQUIRE(unicode);
    CHECK(unicode->major == "12");
}

TEST_CASE("semantic version precedence", "[semver]") {
    // The chain from semver.org §11.
    const std::vector<std::string> ascending{
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
        "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
        "1.0.0-rc.1",  "1.0.0",         "1.0.1",
        "1.2.0",       "2.0.0",         "10.0.0",
    };
    for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
        INFO(ascending[i] << " < " << ascending[i + 1]);
        CHECK(compare(ascending[i], ascending[i + 1]) == -1);
        CHECK(compare(ascending[i + 1], ascending[i]) == 1);
    }
    CHECK(compare("1.0.0+a", "1.0.0+b") == 0);
    CHECK(compare("01.0.0", "1.0.0") == 0);
    CHECK(compare("1.0.0-01", "1.0.0-1") == 0);
    CHECK(compare("99999999999999999999.0.0", "100000000000000000000.0.0") == -1);
}

TEST_CASE("bumps parse the current version like the original", "[semver]") {
    CHECK(bumpVersion("1.2.3", VersionBump::Minor) == "1.3.0");
    CHECK(bumpVersion("1.2.3", VersionBump::Major) == "2.0.0");
    // 02 §5.3: suffixes are dropped before parsing.
    CHECK(bumpVersion("1.2.3-rc.1", VersionBump::Minor) == "1.3.0");
    CHECK(bumpVersion("1.2.3+build.9", VersionBump::Major) == "2.0.0");
    CHECK(bumpVersion("1.2.3-rc+b", VersionBump::Minor) == "1.3.0");
    CHECK(bumpVersion("9.9.9", VersionBump::Minor) == "9.10.0");
    CHECK(bumpVersion("9.9.9", VersionBump::Major) == "10.0.0");
    CHECK(bumpVersion("01.02.03", VersionBump::Minor) == "1.3.0");
    CHECK(bumpVersion("1.2.3.4", VersionBump::Minor) == "1.3.0");
    CHECK(bumpVersion("99999999999999999999.0.0", VersionBump::Major) ==
          "100000000000000000000.0.0");
    SECTION("Python int() leniency") {
        CHECK(bumpVersion(" 1. 2 .3", VersionBump::Minor) == "1.3.0");
        CHECK(bumpVersion("1_0.0.0", VersionBump::Major) == "11.0.0");
        CHECK(bumpVersion("\xEF\xBC\x91.\xEF\xBC\x92.\xEF\xBC\x93", VersionBump::Minor) == "1.3.0");
    }
    SECTION("unreadable versions") {
        for (const char* bad : {"v2", "1.0", "1", "", "1..0", "1.2.", "1.2.x", "1__0.0.0", "_1.0.0",
                                "-1.0.0", "1.0.0a"}) {
            INFO(bad);
            CHECK_FALSE(bumpVersion(bad, VersionBump::Minor));
        }
    }
}

TEST_CASE("publish version resolution (02 §5.3)", "[semver]") {
    const auto explicitVersion = resolvePublishVersion("0.1.0", "2.0.0", false);
    REQUIRE(explicitVersion);
    CHECK(explicitVersion->version == "0.1.0");
    CHECK_FALSE(explicitVersion->autoGenerated);

    const auto first = resolvePublishVersion(std::nullopt, std::nullopt, false);
    REQUIRE(first);
    CHECK(first->version == "1.0.0");
    CHECK(first->autoGenerated);

    const auto compatible = resolvePublishVersion(std::nullopt, "1.2.3", true);
    REQUIRE(compatible);
    CHECK(compatible->version == "1.3.0");
    CHECK(compatible->autoGenerated);

    const auto breaking = resolvePublishVersion(std::nullopt, "1.2.3", false);
    REQUIRE(breaking);
    CHECK(breaking->version == "2.0.0");

    CHECK_FALSE(resolvePublishVersion(std::nullopt, "draft", true));
    CHECK(autoVersionErrorMessage("draft") ==
          "Cannot auto-generate a version: the current contract version 'draft' is not of the "
          "form X.Y.Z; pass an explicit version");
    CHECK(versionExistsMessage("1.0.0") == "Contract version 1.0.0 already exists for this asset");
    CHECK(kInitialVersion == "1.0.0");
}

TEST_CASE("publish outcome (03 §7)", "[semver]") {
    CHECK(decidePublishAction(false, false, false) == PublishAction::Published);
    CHECK(decidePublishAction(false, false, true) == PublishAction::Published);
    CHECK(decidePublishAction(true, true, false) == PublishAction::Published);
    CHECK(decidePublishAction(true, true, true) == PublishAction::Published);
    CHECK(decidePublishAction(true, false, true) == PublishAction::ForcePublished);
    CHECK(decidePublishAction(true, false, false) == PublishAction::ProposalCreated);
    CHECK(publishActionName(PublishAction::Published) == "published");
    CHECK(publishActionName(PublishAction::ForcePublished) == "force_published");
    CHECK(publishActionName(PublishAction::ProposalCreated) == "proposal_created");
}
