// tessera contract publish|list|diff|impact (spec 04 §6), against this server's contract:
// publish sends `published_by` (and `force`) as query parameters, impact sends the raw schema,
// diff reads `is_compatible` / `all_changes`.
#include <iostream>
#include <memory>
#include <set>

#include "cli/change_lines.hpp"
#include "cli/commands.hpp"
#include "cli/json_body.hpp"
#include "cli/json_input.hpp"
#include "cli/json_text.hpp"
#include "cli/table.hpp"

namespace tessera::cli {
namespace {

struct ContractOptions {
    std::string asset;
    std::string version;
    std::string schemaFile;
    std::string team;
    std::string compatibility = "backward";
    bool force = false;
    std::string from;
    std::string to;
};

std::string assetPath(const std::string& asset, const std::string& tail) {
    return "/assets/" + urlEncode(asset) + tail;
}

void publish(const Session& session, const ContractOptions& options) {
    const std::string schema = readSchemaFile(options.schemaFile);
    JsonBody body;
    body.text("version", options.version)
        .raw("schema", schema)
        .text("compatibility_mode", options.compatibility);
    auto result = session.fetch(
        "POST", assetPath(options.asset, "/contracts"),
        {{"published_by", options.team}, {"force", options.force ? "true" : ""}}, body.finish());
    if (!result) return;
    const std::string action = stringAt(*result, {"action"});
    if (action == "proposal_created") {
        std::cout << "Breaking change detected. Proposal created: "
                  << stringAt(*result, {"proposal", "id"}) << "\n";
        printChanges(std::cout, arrayAt(*result, "breaking_changes"));
        return;
    }
    std::cout << (action == "force_published" ? "Force-published" : "Published") << " contract "
              << stringAt(*result, {"contract", "version"}) << " ("
              << stringAt(*result, {"contract", "id"}) << ")";
    const std::string changeType = stringAt(*result, {"change_type"});
    if (!changeType.empty()) std::cout << ", change type " << changeType;
    std::cout << "\n";
    const std::string warning = stringAt(*result, {"warning"});
    if (!warning.empty()) std::cout << "Warning: " << warning << "\n";
}

void list(const Session& session, const ContractOptions& options) {
    auto page = session.fetch("GET", assetPath(options.asset, "/contracts"));
    if (!page) return;
    Table table({"ID", "VERSION", "STATUS", "MODE", "PUBLISHED", "BY"});
    for (const auto& contract : arrayAt(*page, "results").GetArray()) {
        table.add({stringAt(contract, {"id"}), stringAt(contract, {"version"}),
                   stringAt(contract, {"status"}), stringAt(contract, {"compatibility_mode"}),
                   stringAt(contract, {"published_at"}),
                   stringAt(contract, {"published_by_team_name"})});
    }
    if (table.empty()) {
        std::cout << "No contracts found\n";
        return;
    }
    table.print(std::cout);
}

void diff(const Session& session, const ContractOptions& options) {
    auto result = session.fetch("GET", assetPath(options.asset, "/contracts/diff"),
                                {{"from_version", options.from}, {"to_version", options.to}});
    if (!result) return;
    const bool compatible = stringAt(*result, {"is_compatible"}) == "true";
    std::cout << stringAt(*result, {"asset_fqn"}) << ": " << options.from << " -> " << options.to
              << ", change type " << stringAt(*result, {"change_type"}) << ", "
              << (compatible ? "compatible" : "BREAKING") << " under "
              << stringAt(*result, {"compatibility_mode"}) << "\n";
    std::set<std::string> breaking;
    for (const auto& change : arrayAt(*result, "breaking_changes").GetArray()) {
        breaking.insert(stringAt(change, {"type"}) + " " + stringAt(change, {"path"}));
    }
    Table table({"CHANGE", "PATH", "BREAKING", "MESSAGE"});
    for (const auto& change : arrayAt(*result, "all_changes").GetArray()) {
        const std::string type = stringAt(change, {"type"});
        const std::string path = stringAt(change, {"path"});
        table.add({type, path, breaking.count(type + " " + path) ? "yes" : "no",
                   stringAt(change, {"message"})});
    }
    if (table.empty()) {
        std::cout << "No changes\n";
        return;
    }
    table.print(std::cout);
}

void impact(const Session& session, const ContractOptions& options) {
    const std::string schema = readSchemaFile(options.schemaFile);
    auto result = session.fetch("POST", assetPath(options.asset, "/impact"), {}, schema);
    if (!result) return;
    const bool safe = stringAt(*result, {"safe_to_publish"}) == "true";
    std::cout << "Change type: " << stringAt(*result, {"change_type"}) << "\n"
              << "Safe to publish: " << (safe ? "yes" : "no") << "\n";
    if (!safe) {
        std::cout << "Breaking changes:\n";
        printChanges(std::cout, arrayAt(*result, "breaking_changes"));
    }
    Table consumers({"TEAM", "TEAM ID", "DEPTH", "PINNED"});
    for (const auto& consumer : arrayAt(*result, "impacted_consumers").GetArray()) {
        consumers.add({stringAt(consumer, {"team_name"}), stringAt(consumer, {"team_id"}),
                       stringAt(consumer, {"depth"}), stringAt(consumer, {"pinned_version"})});
    }
    if (consumers.empty()) {
        std::cout << "No impacted consumers\n";
    } else {
        consumers.print(std::cout);
    }
}

}  // namespace

void addContractCommands(CLI::App& app, Commands& commands) {
    auto options = std::make_shared<ContractOptions>();
    CLI::App* contract = Commands::group(app, "contract", "Publish and compare contracts");

    CLI::App* publishVerb =
        commands.verb(*contract, "publish", "Publish a schema as a new contract version",
                      [options](const Session& s) { publish(s, *options); });
    publishVerb->add_option("-a,--asset", options->asset, "Asset id")->required();
    publishVerb->add_option("-v,--version", options->version, "Contract version, e.g. 1.0.0")
        ->required();
    publishVerb->add_option("-s,--schema", options->schemaFile, "JSON Schema file")->required();
    addActingTeam(*publishVerb, options->team, "Publishing team id");
    publishVerb
        ->add_option("-c,--compat", options->compatibility,
                     "Compatibility mode of the new contract")
        ->check(CLI::IsMember({"backward", "forward", "full", "none"}))
        ->capture_default_str();
    publishVerb->add_flag("-f,--force", options->force,
                          "Publish a breaking change without a proposal");

    CLI::App* listVerb = commands.verb(*contract, "list", "List an asset's contracts",
                                       [options](const Session& s) { list(s, *options); });
    listVerb->add_option("ASSET_ID", options->asset, "Asset id")->required();

    CLI::App* diffVerb = commands.verb(*contract, "diff", "Compare two versions of an asset",
                                       [options](const Session& s) { diff(s, *options); });
    diffVerb->add_option("ASSET_ID", options->asset, "Asset id")->required();
    diffVerb->add_option("--from", options->from, "Older version")->required();
    diffVerb->add_option("--to", options->to, "Newer version")->required();

    CLI::App* impactVerb =
        commands.verb(*contract, "impact", "What publishing a schema would break, and for whom",
                      [options](const Session& s) { impact(s, *options); });
    impactVerb->add_option("ASSET_ID", options->asset, "Asset id")->required();
    impactVerb->add_option("-s,--schema", options->schemaFile, "Proposed JSON Schema file")
        ->required();
}

}  // namespace tessera::cli
