// tessera team create|list|get (spec 04 §6; list reads the paginated {results,total} object).
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/json_body.hpp"
#include "cli/json_input.hpp"
#include "cli/json_text.hpp"
#include "cli/table.hpp"

namespace tessera::cli {
namespace {

struct TeamOptions {
    std::string name;
    std::string metadata;
    std::string id;
    int limit = 50;
};

void create(const Session& session, const TeamOptions& options) {
    JsonBody body;
    body.text("name", options.name);
    if (!options.metadata.empty()) {
        body.raw("metadata", parseObjectOption("metadata", options.metadata));
    }
    auto team = session.fetch("POST", "/teams", {}, body.finish());
    if (!team) return;
    std::cout << "Created team: " << stringAt(*team, {"name"}) << " (" << stringAt(*team, {"id"})
              << ")\n";
}

void list(const Session& session, const TeamOptions& options) {
    auto page = session.fetch("GET", "/teams", {{"limit", std::to_string(options.limit)}});
    if (!page) return;
    Table table({"ID", "NAME", "CREATED"});
    for (const auto& team : arrayAt(*page, "results").GetArray()) {
        table.add(
            {stringAt(team, {"id"}), stringAt(team, {"name"}), stringAt(team, {"created_at"})});
    }
    if (table.empty()) {
        std::cout << "No teams found\n";
        return;
    }
    table.print(std::cout);
    std::cout << "Total: " << stringAt(*page, {"total"}) << "\n";
}

void get(const Session& session, const TeamOptions& options) {
    auto team = session.fetch("GET", "/teams/" + urlEncode(options.id));
    if (!team) return;
    printFields(std::cout, {{"ID", stringAt(*team, {"id"})},
                            {"Name", stringAt(*team, {"name"})},
                            {"Metadata", stringAt(*team, {"metadata"})},
                            {"Created", stringAt(*team, {"created_at"})}});
}

}  // namespace

void addTeamCommands(CLI::App& app, Commands& commands) {
    auto options = std::make_shared<TeamOptions>();
    CLI::App* team = Commands::group(app, "team", "Create and look up teams");

    CLI::App* createVerb = commands.verb(*team, "create", "Create a team",
                                         [options](const Session& s) { create(s, *options); });
    createVerb->add_option("NAME", options->name, "Team name")->required();
    createVerb->add_option("-m,--metadata", options->metadata, "Metadata as a JSON object");

    CLI::App* listVerb = commands.verb(*team, "list", "List teams",
                                       [options](const Session& s) { list(s, *options); });
    listVerb->add_option("-l,--limit", options->limit, "Maximum number of teams")
        ->capture_default_str();

    CLI::App* getVerb = commands.verb(*team, "get", "Show one team",
                                      [options](const Session& s) { get(s, *options); });
    getVerb->add_option("ID", options->id, "Team id")->required();
}

}  // namespace tessera::cli
