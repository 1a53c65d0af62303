// tessera asset create|list|get|search (spec 04 §6). `asset list --team` filters with the
// server's `owner` parameter (the original sent `team_id`, which the server ignores).
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/json_body.hpp"
#include "cli/json_input.hpp"
#include "cli/json_text.hpp"
#include "cli/table.hpp"

namespace tessera::cli {
namespace {

struct AssetOptions {
    std::string fqn;
    std::string team;
    std::string metadata;
    std::string id;
    std::string query;
    int listLimit = 50;
    int searchLimit = 20;
};

void create(const Session& session, const AssetOptions& options) {
    JsonBody body;
    body.text("fqn", options.fqn).text("owner_team_id", options.team);
    if (!options.metadata.empty()) {
        body.raw("metadata", parseObjectOption("metadata", options.metadata));
    }
    auto asset = session.fetch("POST", "/assets", {}, body.finish());
    if (!asset) return;
    std::cout << "Created asset: " << stringAt(*asset, {"fqn"}) << " (" << stringAt(*asset, {"id"})
              << ")\n";
}

void printAssets(const rapidjson::Value& page, bool withVersion, const std::string& none) {
    std::vector<std::string> headers = {"ID", "FQN", "OWNER", "ENVIRONMENT"};
    if (withVersion) headers.push_back("VERSION");
    Table table(headers);
    for (const auto& asset : arrayAt(page, "results").GetArray()) {
        std::vector<std::string> row = {stringAt(asset, {"id"}), stringAt(asset, {"fqn"}),
                                        stringAt(asset, {"owner_team_name"}),
                                        stringAt(asset, {"environment"})};
        if (withVersion) row.push_back(stringAt(asset, {"active_contract_version"}));
        table.add(row);
    }
    if (table.empty()) {
        std::cout << none << "\n";
        return;
    }
    table.print(std::cout);
    std::cout << "Total: " << stringAt(page, {"total"}) << "\n";
}

void list(const Session& session, const AssetOptions& options) {
    auto page = session.fetch(
        "GET", "/assets", {{"limit", std::to_string(options.listLimit)}, {"owner", options.team}});
    if (page) printAssets(*page, true, "No assets found");
}

void search(const Session& session, const AssetOptions& options) {
    auto page =
        session.fetch("GET", "/assets/search",
                      {{"q", options.query}, {"limit", std::to_string(options.searchLimit)}});
    if (page) printAssets(*page, false, "No assets found matching '" + options.query + "'");
}

void get(const Session& session, const AssetOptions& options) {
    auto asset = session.fetch("GET", "/assets/" + urlEncode(options.id));
    if (!asset) return;
    printFields(std::cout, {{"ID", stringAt(*asset, {"id"})},
                            {"FQN", stringAt(*asset, {"fqn"})},
                            {"Owner team", stringAt(*asset, {"owner_team_name"}) + " (" +
                                               stringAt(*asset, {"owner_team_id"}) + ")"},
                            {"Owner user", stringAt(*asset, {"owner_user_name"})},
                            {"Environment", stringAt(*asset, {"environment"})},
                            {"Metadata", stringAt(*asset, {"metadata"})},
                            {"Created", stringAt(*asset, {"created_at"})}});
}

}  // namespace

void addAssetCommands(CLI::App& app, Commands& commands) {
    auto options = std::make_shared<AssetOptions>();
    CLI::App* asset = Commands::group(app, "asset", "Create, list and find data assets");

    CLI::App* createVerb = commands.verb(*asset, "create", "Create an asset",
                                         [options](const Session& s) { create(s, *options); });
    createVerb->add_option("FQN", options->fqn, "Fully qualified name, e.g. db.schema.table")
        ->required();
    createVerb->add_option("-t,--team", options->team, "Owner team id")->required();
    createVerb->add_option("-m,--metadata", options->metadata, "Metadata as a JSON object");

    CLI::App* listVerb = commands.verb(*asset, "list", "List assets",
                                       [options](const Session& s) { list(s, *options); });
    listVerb->add_option("-t,--team", options->team, "Only assets owned by this team id");
    listVerb->add_option("-l,--limit", options->listLimit, "Maximum number of assets")
        ->capture_default_str();

    CLI::App* getVerb = commands.verb(*asset, "get", "Show one asset",
                                      [options](const Session& s) { get(s, *options); });
    getVerb->add_option("ID", options->id, "Asset id")->required();

    CLI::App* searchVerb = commands.verb(*asset, "search", "Find assets whose FQN contains QUERY",
                                         [options](const Session& s) { search(s, *options); });
    searchVerb->add_option("QUERY", options->query, "Part of an FQN")->required();
    searchVerb->add_option("-l,--limit", options->searchLimit, "Maximum number of assets")
        ->capture_default_str();
}

}  // namespace tessera::cli
