// The git sync files of spec 04 §4.1: the exact layout of its examples, strings that read back
// as themselves, any YAML style on the way in, and every malformed file named by its key.
#include "core/git_sync_files.hpp"

#include <string>

#include "core/json.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/git_sync_examples.hpp"

using namespace tessera::core;
using tessera::testing::kAssetExample;
using tessera::testing::kTeamExample;

namespace {

SyncAsset exampleAsset() {
    SyncAsset asset{"22222222-2222-2222-2222-222222222222",
                    "analytics.public.users",
                    "11111111-1111-1111-1111-111111111111",
                    "{}",
                    {}};
    SyncContract contract{
        "33333333-3333-3333-3333-333333333333",
        "1.0.0",
        R"({"type":"object","properties":{"id":{"type":"integer"}},"required":[]})",
        "backward",
        std::nullopt,
        "active",
        {}};
    contract.registrations.push_back({"44444444-4444-4444-4444-444444444444",
                                      "55555555-5555-5555-5555-555555555555", std::nullopt,
                                      "active"});
    asset.contracts.push_back(contract);
    return asset;
}

// The `path` of the error reading `text` as an asset file ("-" when it reads).
std::string assetErrorPath(const std::string& text) {
    try {
        readAssetFile(text, {});
    } catch (const SyncFileError& error) {
        INFO(error.what());
        CHECK(std::string(error.what()).size() > 0);
        return error.path();
    }
    return "-";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("files are written in the layout of the spec's examples", "[core][git_sync]") {
    CHECK(teamFileText({"11111111-1111-1111-1111-111111111111", "data-platform",
                        R"({"slack":"#dp"})"}) == kTeamExample);
    CHECK(assetFileText(exampleAsset()) == kAssetExample);

    SyncAsset bare = exampleAsset();
    bare.contracts.clear();
    CHECK(assetFileText(bare) ==
          "id: 22222222-2222-2222-2222-222222222222\nfqn: analytics.public.users\n"
          "owner_team_id: 11111111-1111-1111-1111-111111111111\nmetadata: {}\ncontracts: []\n");
}

TEST_CASE("file names escape the fqn", "[core][git_sync]") {
    CHECK(assetFilePath("analytics.public.users") == "assets/analytics_public_users.yaml");
    CHECK(assetFilePath("s3://bucket/a.b") == "assets/s3:____bucket__a_b.yaml");
    CHECK(teamFilePath("data-platform") == "teams/data-platform.yaml");
    const std::string longPath = assetFilePath(std::string(600, 'x'));
    CHECK(longPath.size() == std::string("assets/").size() + 200 + 17 + 5);
    CHECK(longPath != assetFilePath(std::string(601, 'x')));
}

TEST_CASE("what is written reads back unchanged", "[core][git_sync]") {
    // Metadata holding every kind of tricky string, nested lists and numbers.
    const std::string metadata =
        R"({"yes":"no","1.0":"1.0","null":"null","~":"~","empty":"","n":42,"f":1.5,"big":1e20,)"
        R"("neg":-7,"t":true,"z":null,"date":"2024-01-01","lines":"a\nb","tab":"\tx",)"
        R"("lead":" x","trail":"x ","colon":"a: b","hash":"#x","list":[[],{},["- x",{"k":"v"}]],)"
        R"("nested":{"deeper":{"list":[1,"2",3.25]}},"uni":"Ünïcødé ✓","quote":"it's \"q\""})";
    const SyncTeam team{"11111111-1111-1111-1111-111111111111", "data-platform", metadata};
    const std::string text = teamFileText(team);
    INFO(text);
    const SyncTeam read = readTeamFile(text, {});
    CHECK(read.id == team.id);
    CHECK(read.name == team.name);
    CHECK(read.metadataJson == toJson(parseStoredJson(metadata)));

    const SyncAsset asset = readAssetFile(kAssetExample, {});
    CHECK(assetFileText(asset) == kAssetExample);
}

TEST_CASE("any YAML style with the same structure reads", "[core][git_sync]") {
    const std::string flow =
        "{id: 22222222-2222-2222-2222-222222222222, fqn: \"analytics.public.users\",\n"
        " owner_team_id: '11111111-1111-1111-1111-111111111111', metadata: {a: [1, two]},\n"
        " contracts: [{id: 33333333-3333-3333-3333-333333333333, version: '2.0.0',\n"
        "   schema: {type: object}, compatibility_mode: full, status: deprecated,\n"
        "   registrations: []}]}\n";
    const SyncAsset asset = readAssetFile(flow, {});
    CHECK(asset.metadataJson == R"({"a":[1,"two"]})");
    REQUIRE(asset.contracts.size() == 1);
    CHECK(asset.contracts[0].version == "2.0.0");
    CHECK_FALSE(asset.contracts[0].guaranteesJson);  // missing: null
    CHECK(asset.contracts[0].compatibilityMode == "full");

    // Indented sequences, anchors, comments, a document marker.
    const std::string indented =
        "--- # an asset\n"
        "id: 22222222-2222-2222-2222-222222222222\n"
        "fqn: analytics.public.users\n"
        "owner_team_id: 11111111-1111-1111-1111-111111111111\n"
        "metadata: &meta {owner: me}\n"
        "contracts:\n"
        "    - id: 33333333-3333-3333-3333-333333333333\n"
        "      version: 1.0.0\n"
        "      schema: {type: object, x-meta: *meta}\n"
        "      compatibility_mode: backward\n"
        "      guarantees: {freshness: {max_staleness_minutes: 60}}\n"
        "      status: active\n"
        "      registrations:\n"
        "        - {id: 44444444-4444-4444-4444-444444444444,\n"
        "           consumer_team_id: 55555555-5555-5555-5555-555555555555,\n"
        "           pinned_version: 1.0.0, status: migrating}\n";
    const SyncAsset other = readAssetFile(indented, {});
    REQUIRE(other.contracts.size() == 1);
    CHECK(other.contracts[0].schemaJson == R"({"type":"object","x-meta":{"owner":"me"}})");
    CHECK(other.contracts[0].guaranteesJson == R"({"freshness":{"max_staleness_minutes":60}})");
    REQUIRE(other.contracts[0].registrations.size() == 1);
    CHECK(other.contracts[0].registrations[0].pinnedVersion == "1.0.0");
    CHECK(other.contracts[0].registrations[0].status == "migrating");

    // A team without metadata reads as {}.
    CHECK(readTeamFile("id: 11111111-1111-1111-1111-111111111111\nname: x\n", {}).metadataJson ==
          "{}");
}

TEST_CASE("a malformed file names the key", "[core][git_sync]") {
    const std::string good = kAssetExample;
    CHECK(assetErrorPath(good) == "-");
    CHECK(assetErrorPath("id: [unclosed\n") == "");  // syntax
    CHECK(assetErrorPath("- a list\n") == "");       // not a mapping
    CHECK(assetErrorPath(replaced(good, "fqn: analytics.public.users\n", "")) == "fqn");
    CHECK(assetErrorPath(replaced(good, "id: 2222", "id: x2222")) == "id");
    CHECK(assetErrorPath(replaced(good, "owner_team_id: 1111", "owner_team_id: zz")) ==
          "owner_team_id");
    CHECK(assetErrorPath(replaced(good, "metadata: {}", "metadata: [1]")) == "metadata");
    CHECK(assetErrorPath(replaced(good, "metadata: {}", "metadata: {}\nmetadata: {}")) ==
          "metadata");  // duplicate key
    CHECK(assetErrorPath(replaced(good, "version: 1.0.0", "version: 1.0")) ==
          "contracts[0].version");  // a float, not a string
    CHECK(assetErrorPath(replaced(good, "version: 1.0.0", "version: 'v1'")) ==
          "contracts[0].version");  // not semver
    CHECK(assetErrorPath(replaced(good, "compatibility_mode: backward", "compatibility_mode: x")) ==
          "contracts[0].compatibility_mode");
    CHECK(assetErrorPath(replaced(good, "  status: active\n  registrations",
                                  "  status: gone\n  registrations")) == "contracts[0].status");
    CHECK(assetErrorPath(replaced(good, "type: integer", "type: not_a_type")) ==
          "contracts[0].schema");
    CHECK(assetErrorPath(replaced(good, "  guarantees: null", "  guarantees: [1]")) ==
          "contracts[0].guarantees");
    CHECK(assetErrorPath(replaced(good, "    status: active\n", "    status: dormant\n")) ==
          "contracts[0].registrations[0].status");
    CHECK(assetErrorPath(replaced(good, "pinned_version: null", "pinned_version: '1.x'")) ==
          "contracts[0].registrations[0].pinned_version");
    CHECK(assetErrorPath(replaced(good, "pinned_version: null",
                                  "pinned_version: '1.0." + std::string(50, '0') + "'")) ==
          "contracts[0].registrations[0].pinned_version");
    CHECK(assetErrorPath(replaced(good, "consumer_team_id: 5555", "consumer_team_id: 5")) ==
          "contracts[0].registrations[0].consumer_team_id");
    CHECK(assetErrorPath(replaced(good, "contracts:\n", "contracts: 3\nx:\n")) == "contracts");
    CHECK(assetErrorPath(replaced(good, "metadata: {}", "metadata: {a: .inf}")) == "metadata.a");
    CHECK(assetErrorPath(replaced(good, "metadata: {}", "metadata: {a: \"\\0\"}")) ==
          "metadata.a");  // NUL cannot be stored

    try {
        readTeamFile("id: 11111111-1111-1111-1111-111111111111\nname: ''\n", {});
        FAIL("read an empty team name");
    } catch (const SyncFileError& error) {
        CHECK(error.path() == "name");
        CHECK(error.line() == 2);
    }
}
