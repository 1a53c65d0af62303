// The whole publishing story through the CLI only (issue 16 "Tests"): two teams, two assets,
// 1.0.0 published from a schema file, the consumer registered, a breaking publish opening a
// proposal, its status, the consumer's acknowledgement, the proposal published with its
// version defaulted; then list, search, diff and the impact tree; withdraw and force.
#include <regex>

#include "tests/cli/cli_fixture.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"

using namespace tessera::testing;

namespace {

const std::string kV1 =
    R"({"type":"object","properties":{"id":{"type":"integer"},"amount":{"type":"number"}},)"
    R"("required":["id"]})";
// Drops `amount`: breaking under backward compatibility.
const std::string kV2 =
    R"({"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]})";
// Drops `id` too.
const std::string kV3 = R"({"type":"object","properties":{"note":{"type":"string"}}})";

// Runs and requires exit 0 with nothing on stderr.
CliRun ok(const std::vector<std::string>& args, const CliEnv& extra = {}) {
    CliRun run = runTessera(args, extra);
    INFO("tessera " << args.front() << " ...\nstdout:\n" << run.out << "stderr:\n" << run.err);
    REQUIRE(run.status == 0);
    CHECK(run.err.empty());
    return run;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the publishing story through the CLI", "[cli][story]") {
    const std::string suffix = uniqueSuffix();
    const std::string producerName = "cli-producer-" + suffix;
    const std::string consumerName = "cli-consumer-" + suffix;

    // Teams.
    auto created = ok({"team", "create", producerName});
    CHECK(has(created.out, "Created team: " + producerName + " ("));
    const std::string producer = uuidAfter(created.out, "Created team:");
    REQUIRE(!producer.empty());
    const std::string consumer = uuidAfter(
        ok({"team", "create", consumerName, "-m", R"({"slack":"#cons"})"}).out, "Created team:");
    REQUIRE(!consumer.empty());
    auto teams = ok({"team", "list"});
    CHECK(std::regex_search(teams.out, std::regex("^ID +NAME +CREATED\n")));
    CHECK(has(teams.out, producer + "  " + producerName));
    CHECK(has(teams.out, consumerName));
    CHECK(has(teams.out, "Total: "));
    auto team = ok({"team", "get", consumer});
    CHECK(has(team.out, "Name:     " + consumerName + "\n"));
    CHECK(has(team.out, R"({"slack":"#cons"})"));

    // Assets: the producer's table and the consumer's rollup, which depends on it.
    const std::string fqn = "warehouse.cli.orders_" + suffix;
    const std::string rollupFqn = fqn + "_daily";
    auto assetCreated = ok({"asset", "create", fqn, "--team", producer});
    CHECK(has(assetCreated.out, "Created asset: " + fqn + " ("));
    const std::string asset = uuidAfter(assetCreated.out, "Created asset:");
    const std::string rollup =
        uuidAfter(ok({"asset", "create", rollupFqn, "-t", consumer}).out, "Created asset:");
    REQUIRE(!asset.empty());
    REQUIRE(!rollup.empty());
    REQUIRE(adminPost("/assets/" + rollup + "/dependencies",
                      R"({"depends_on_asset_id":")" + asset + "\"}")
                .status == 201);

    auto producerAssets = ok({"asset", "list", "--team", producer});
    CHECK(has(producerAssets.out, fqn + "  " + producerName));
    CHECK(!has(producerAssets.out, rollupFqn));
    CHECK(has(producerAssets.out, "Total: 1\n"));
    auto consumerAssets = ok({"asset", "list", "-t", consumer});
    CHECK(has(consumerAssets.out, rollupFqn));
    CHECK(!has(consumerAssets.out, fqn + " "));
    auto shown = ok({"asset", "get", asset});
    CHECK(has(shown.out, "FQN:         " + fqn + "\n"));
    CHECK(has(shown.out, "Owner team:  " + producerName + " (" + producer + ")\n"));
    auto found = ok({"asset", "search", "orders_" + suffix});
    CHECK(has(found.out, fqn + " "));
    CHECK(has(found.out, rollupFqn));
    CHECK(ok({"asset", "search", "nothing" + suffix}).out ==
          "No assets found matching 'nothing" + suffix + "'\n");

    // 1.0.0 from a schema file, then the consumer registers on it.
    const std::string v1 = writeTempFile("v1-" + suffix + ".json", kV1);
    const std::string v2 = writeTempFile("v2-" + suffix + ".json", kV2);
    const std::string v3 = writeTempFile("v3-" + suffix + ".json", kV3);
    auto published =
        ok({"contract", "publish", "-a", asset, "-v", "1.0.0", "-s", v1, "-t", producer});
    CHECK(has(published.out, "Published contract 1.0.0 ("));
    auto registered = ok({"register", "--asset", asset, "--team", consumer});
    CHECK(has(registered.out,
              "Registered team " + consumer + " on contract 1.0.0 of " + fqn + " (registration "));

    // The blast radius as a tree, by id and by FQN.
    auto tree = ok({"impact", asset});
    INFO(tree.out);
    CHECK(has(tree.out, fqn + " (downstream, depth "));
    CHECK(has(tree.out, "  consumers: " + consumerName + "\n"));
    CHECK(has(tree.out, "  └─ " + rollupFqn + "  owner: " + consumerName));
    CHECK(has(tree.out, "Totals: 1 assets, 1 consumer teams\n"));
    CHECK(std::regex_search(tree.out, std::regex("\nDEPTH +ASSETS +CONSUMER TEAMS")));
    CHECK(has(tree.out, consumerName + "  "));
    CHECK(ok({"impact", fqn}).out == tree.out);
    auto upstream = ok({"impact", rollupFqn, "--upstream", "--depth", "1"});
    CHECK(has(upstream.out, rollupFqn + " (upstream, depth 1)\n"));
    CHECK(has(upstream.out, "└─ " + fqn + "  owner: " + producerName));

    // What dropping `amount` would break, then the breaking publish opens a proposal.
    auto impact = ok({"contract", "impact", asset, "--schema", v2});
    CHECK(has(impact.out, "Change type: major\nSafe to publish: no\nBreaking changes:\n"));
    CHECK(has(impact.out, "amount"));
    CHECK(has(impact.out, consumerName));
    auto proposed =
        ok({"contract", "publish", "-a", asset, "-v", "2.0.0", "-s", v2, "-t", producer});
    CHECK(has(proposed.out, "Breaking change detected. Proposal created: "));
    const std::string proposal = uuidAfter(proposed.out, "Proposal created:");
    REQUIRE(!proposal.empty());

    auto pending = ok({"proposal", "list", "--status", "pending", "--asset", asset});
    CHECK(has(pending.out, proposal + "  " + fqn + "  pending  major"));
    CHECK(has(pending.out, "Total: 1\n"));
    CHECK(has(ok({"proposal", "get", proposal}).out, "Status:      pending\n"));
    auto waiting = ok({"proposal", "status", proposal});
    CHECK(has(waiting.out, "Asset:       " + fqn + "\n"));
    CHECK(has(waiting.out, "1 total, 0 acknowledged, 1 pending, 0 blocked"));
    CHECK(has(waiting.out, "Waiting for: " + consumerName + " (" + consumer + ")\n"));

    auto acknowledged = ok({"proposal", "acknowledge", proposal, "-t", consumer, "-n", "fine"});
    CHECK(acknowledged.out == "Acknowledged proposal " + proposal + ": approved\n");
    auto approved = ok({"proposal", "status", proposal});
    CHECK(has(approved.out, "Status:      approved\n"));
    CHECK(has(approved.out, consumerName));
    CHECK(has(approved.out, "fine"));
    CHECK(!has(approved.out, "Waiting for:"));

    // No --version: the active 1.0.0 bumped by the proposal's major change.
    auto fromProposal = ok({"proposal", "publish", proposal, "-t", producer});
    CHECK(has(fromProposal.out, "Published contract 2.0.0 ("));
    CHECK(has(fromProposal.out, ") from proposal " + proposal + "\n"));

    auto contracts = ok({"contract", "list", asset});
    CHECK(std::regex_search(contracts.out, std::regex("  2\\.0\\.0 +active ")));
    CHECK(std::regex_search(contracts.out, std::regex("  1\\.0\\.0 +deprecated ")));
    auto diff = ok({"contract", "diff", asset, "--from", "1.0.0", "--to", "2.0.0"});
    CHECK(has(diff.out, fqn + ": 1.0.0 -> 2.0.0, change type major, BREAKING under backward\n"));
    CHECK(std::regex_search(diff.out, std::regex("property_removed +\\S*amount\\S* +yes ")));

    // The consumer registered on 1.0.0, now deprecated, is no longer counted (02 §blast radius).
    CHECK(has(ok({"impact", asset}).out, "Totals: 1 assets, 0 consumer teams\n"));

    // A second breaking change, withdrawn; a third, forced through and published as given.
    auto second = ok({"contract", "publish", "-a", asset, "-v", "3.0.0", "-s", v3, "-t", producer});
    const std::string withdrawn = uuidAfter(second.out, "Proposal created:");
    REQUIRE(!withdrawn.empty());
    CHECK(ok({"proposal", "withdraw", withdrawn, "-t", producer}).out ==
          "Withdrew proposal " + withdrawn + " (status withdrawn)\n");
    auto third = ok({"contract", "publish", "-a", asset, "-v", "3.0.0", "-s", v3, "-t", producer});
    const std::string forced = uuidAfter(third.out, "Proposal created:");
    REQUIRE(!forced.empty());
    CHECK(ok({"proposal", "force", forced, "-t", producer}).out ==
          "Force-approved proposal " + forced + " (status approved)\n");
    CHECK(has(ok({"proposal", "publish", forced, "-t", producer, "--version", "7.0.0"}).out,
              "Published contract 7.0.0 ("));
    CHECK(has(ok({"proposal", "list", "--asset", asset, "-s", "withdrawn"}).out, withdrawn));
}

TEST_CASE("TESSERA_TEAM_ID is the acting team when -t is not given", "[cli][story]") {
    const std::string suffix = uniqueSuffix();
    const std::string team =
        uuidAfter(ok({"team", "create", "cli-env-team-" + suffix}).out, "Created team:");
    const std::string asset = uuidAfter(
        ok({"asset", "create", "warehouse.cli.env_" + suffix, "-t", team}).out, "Created asset:");
    const std::string schema = writeTempFile("env-" + suffix + ".json", kV1);
    auto published = ok({"contract", "publish", "-a", asset, "-v", "1.0.0", "-s", schema},
                        {{"TESSERA_TEAM_ID", team}});
    CHECK(has(published.out, "Published contract 1.0.0"));
    auto contracts = adminGet("/assets/" + asset + "/contracts");
    CHECK(str(contracts.json()["results"][0], "published_by") == team);
    // Without either, the option is missing: a usage error before any request.
    auto missing = runTessera({"contract", "publish", "-a", asset, "-v", "1.0.1", "-s", schema});
    CHECK(missing.status == 2);
    CHECK(has(missing.err, "--team is required"));
}

TEST_CASE("--json prints the server's body unchanged", "[cli][json]") {
    const std::string suffix = uniqueSuffix();
    auto created = runTessera({"team", "create", "cli-json-" + suffix, "--json"});
    REQUIRE(created.status == 0);
    rapidjson::Document team;
    team.Parse(created.out.c_str());
    REQUIRE(!team.HasParseError());
    const std::string id = str(team, "id");
    CHECK(str(team, "name") == "cli-json-" + suffix);

    auto get = runTessera({"team", "get", id, "--json"});
    CHECK(get.status == 0);
    CHECK(get.out == adminGet("/teams/" + id).body + "\n");
    const std::string asset = uuidAfter(
        runTessera({"asset", "create", "warehouse.cli.json_" + suffix, "-t", id}).out, "(");
    REQUIRE(!asset.empty());
    CHECK(runTessera({"asset", "list", "-t", id, "--json"}).out ==
          adminGet("/assets?limit=50&owner=" + id).body + "\n");
    CHECK(runTessera({"asset", "search", "json_" + suffix, "--json"}).out ==
          adminGet("/assets/search?q=json_" + suffix + "&limit=20").body + "\n");
    CHECK(runTessera({"contract", "list", asset, "--json"}).out ==
          adminGet("/assets/" + asset + "/contracts").body + "\n");
    auto radius = runTessera({"impact", asset, "--json"});
    CHECK(radius.out == adminGet("/assets/" + asset + "/blast-radius").body + "\n");

    // Verbs that make several calls print a JSON document of their own.
    rapidjson::Document version;
    version.Parse(runTessera({"version", "--json"}).out.c_str());
    REQUIRE(version.IsObject());
    CHECK(!str(version, "version").empty());
    rapidjson::Document doctor;
    doctor.Parse(runTessera({"doctor", "--json"}).out.c_str());
    REQUIRE(doctor.IsObject());
    CHECK(doctor["ok"].IsTrue());
}
