// tessera dbt sync|check|register against the real server, on a real manifest of
// ../shared/data/dbt (issue 16): sync fills assets, contracts and lineage; check passes on the
// same manifest and exits 1 on a breaking one, naming the teams it reaches; register covers
// the sources; missing and malformed manifests are exit 1 and 2 with no request sent.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <regex>

#include "tests/cli/cli_fixture.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/shared_data.hpp"

using namespace tessera::testing;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The manifest with the first column of `model.jaffle_shop.orders` removed; its FQN.
std::pair<std::string, std::string> withoutFirstOrdersColumn(const std::string& manifest) {
    rapidjson::Document document;
    document.Parse(manifest.c_str(), manifest.size());
    REQUIRE(document.IsObject());
    rapidjson::Value& orders = document["nodes"]["model.jaffle_shop.orders"];
    rapidjson::Value& columns = orders["columns"];
    REQUIRE(columns.MemberCount() > 1);
    columns.RemoveMember(columns.MemberBegin());
    const std::string fqn = std::string(orders["database"].GetString()) + "." +
                            orders["schema"].GetString() + "." + orders["name"].GetString();
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    std::string lower = fqn;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {buffer.GetString(), lower};
}

// The manifest with a column `loyalty_tier` added to `model.jaffle_shop.orders`.
std::string withExtraOrdersColumn(const std::string& manifest) {
    rapidjson::Document document;
    document.Parse(manifest.c_str(), manifest.size());
    REQUIRE(document.IsObject());
    rapidjson::Value& columns = document["nodes"]["model.jaffle_shop.orders"]["columns"];
    rapidjson::Value column(rapidjson::kObjectType);
    column.AddMember("name", "loyalty_tier", document.GetAllocator());
    column.AddMember("data_type", "varchar", document.GetAllocator());
    columns.AddMember("loyalty_tier", column, document.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    return buffer.GetString();
}

}  // namespace

TEST_CASE("dbt sync --publish-compatible publishes compatible changes as minor versions",
          "[cli][dbt]") {
    const std::string original = sharedFile("dbt/jaffle_shop_v12/manifest_1.11.json");
    // A copy whose FQNs no other test uses: another database name.
    const std::string suffix = uniqueSuffix();
    const std::string manifest =
        std::regex_replace(original, std::regex(R"re("database": ?"([^"]*)")re"),
                           "\"database\": \"$1_pc" + suffix + "\"");
    const std::string firstPath = writeTempFile("compatible_first.json", manifest);
    auto team = runTessera({"team", "create", "cli-dbt-pc-" + suffix});
    REQUIRE(team.status == 0);
    const std::string owner = uuidAfter(team.out, "(");
    REQUIRE(runTessera({"dbt", "sync", "-m", firstPath, "-t", owner}).status == 0);

    // Unchanged columns publish nothing.
    auto again = runTessera({"dbt", "sync", "-m", firstPath, "-t", owner, "--publish-compatible"});
    INFO(again.out << again.err);
    CHECK(again.status == 0);
    CHECK(has(again.out, "Published 0 compatible changes as minor versions, 0 errors\n"));

    const std::string widerPath =
        writeTempFile("compatible_wider.json", withExtraOrdersColumn(manifest));
    auto wider = runTessera({"dbt", "sync", "-m", widerPath, "-t", owner, "--publish-compatible"});
    INFO(wider.out << wider.err);
    CHECK(wider.status == 0);
    CHECK(has(wider.out, "Published 1 compatible changes as minor versions, 0 errors\n"));
    CHECK(has(wider.out, "opened 0 proposals\n"));  // the upload's: nothing breaks

    rapidjson::Document parsed;
    parsed.Parse(original.c_str());
    const auto& orders = parsed["nodes"]["model.jaffle_shop.orders"];
    std::string fqn = std::string(orders["database"].GetString()) + "_pc" + suffix + "." +
                      orders["schema"].GetString() + ".orders";
    for (char& c : fqn) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto searched = runTessera({"asset", "search", fqn, "--json"});
    REQUIRE(searched.status == 0);
    rapidjson::Document found;
    found.Parse(searched.out.c_str());
    REQUIRE(found.IsObject());
    std::string assetId;
    for (const auto& asset : found["results"].GetArray()) {
        if (fqn == asset["fqn"].GetString()) assetId = asset["id"].GetString();
    }
    REQUIRE_FALSE(assetId.empty());
    auto listed = runTessera({"contract", "list", assetId, "--json"});
    INFO(listed.out << listed.err);
    REQUIRE(listed.status == 0);
    CHECK(has(listed.out, R"("version":"1.1.0")"));
    CHECK(has(listed.out, "loyalty_tier"));
}

TEST_CASE("dbt sync, check and register on a real manifest", "[cli][dbt]") {
    const std::string manifestPath = sharedDataPath("dbt/jaffle_shop_v12/manifest_1.11.json");
    auto team = runTessera({"team", "create", "cli-dbt-" + uniqueSuffix()});
    REQUIRE(team.status == 0);
    const std::string owner = uuidAfter(team.out, "(");

    auto synced = runTessera({"dbt", "sync", "-m", manifestPath, "-t", owner});
    INFO(synced.out << synced.err);
    REQUIRE(synced.status == 0);
    // 26 entries, six of them sources over seeds' tables: 20 assets.
    CHECK(has(synced.out, "Created 20 assets, updated 0, skipped 6\n"));
    CHECK(std::regex_search(synced.out, std::regex("Lineage: [1-9][0-9]* edges created")));

    auto clean = runTessera({"dbt", "check", "-m", manifestPath});
    INFO(clean.out << clean.err);
    CHECK(clean.status == 0);
    CHECK(has(clean.out, "dbt check: 0 new, "));
    CHECK(has(clean.out, " 0 breaking\n"));
    CHECK_FALSE(has(clean.out, "BREAKING"));

    const auto [breaking, ordersFqn] =
        withoutFirstOrdersColumn(sharedFile("dbt/jaffle_shop_v12/manifest_1.11.json"));
    const std::string breakingPath = writeTempFile("breaking_manifest.json", breaking);
    auto gate = runTessera({"dbt", "check", "-m", breakingPath});
    INFO(gate.out << gate.err);
    CHECK(gate.status == 1);
    CHECK(has(gate.out, " 1 breaking\n"));
    CHECK(has(gate.out, "BREAKING " + ordersFqn + "\n"));
    CHECK(has(gate.out, "downstream assets; teams affected:"));
    CHECK(runTessera({"dbt", "check", "-m", breakingPath, "--no-fail-on-breaking"}).status == 0);
    auto json = runTessera({"dbt", "check", "-m", breakingPath, "--json"});
    CHECK(json.status == 1);
    rapidjson::Document parsed;
    parsed.Parse(json.out.c_str());
    REQUIRE(parsed.IsObject());
    CHECK(parsed["summary"]["breaking"].GetInt() == 1);
    // Proposals need a team.
    auto noTeam = runTessera({"dbt", "check", "-m", breakingPath, "-p"}, {{"TESSERA_TEAM_ID", ""}});
    CHECK(noTeam.status == 1);
    CHECK(has(noTeam.err, "--create-proposals needs --team"));

    auto consumer = runTessera({"team", "create", "cli-dbt-consumer-" + uniqueSuffix()});
    REQUIRE(consumer.status == 0);
    auto registered =
        runTessera({"dbt", "register", "-m", manifestPath, "-t", uuidAfter(consumer.out, "(")});
    INFO(registered.out << registered.err);
    CHECK(registered.status == 0);
    CHECK(std::regex_search(registered.out,
                            std::regex("Registered on [0-9]+ sources, 0 not found\n")));
}

TEST_CASE("dbt verbs refuse missing and malformed manifests before any request", "[cli][dbt]") {
    auto missing = runTessera({"dbt", "check", "-m", "/nonexistent/manifest.json"});
    CHECK(missing.status == 1);
    CHECK(missing.err == "Error: manifest file '/nonexistent/manifest.json' not found\n");
    const std::string list = writeTempFile("list_manifest.json", "[1,2]");
    auto notObject =
        runTessera({"dbt", "sync", "-m", list, "-t", "00000000-0000-4000-8000-000000000001"});
    CHECK(notObject.status == 2);
    CHECK(notObject.err == "Error: manifest file '" + list + "' is not a JSON object\n");
    CHECK(runTessera({"dbt", "sync", "-m", list}, {{"TESSERA_TEAM_ID", ""}}).status == 2);  // usage
    auto help = runTessera({"dbt", "--help"});
    CHECK(help.status == 0);
    CHECK(has(help.out, "register"));
}
