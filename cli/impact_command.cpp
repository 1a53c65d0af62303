// tessera impact ASSET: the blast radius (GET /assets/{id}/blast-radius) as a tree indented by
// depth, then totals per depth and per team.
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/lookups.hpp"
#include "cli/table.hpp"

namespace tessera::cli {
namespace {

struct ImpactOptions {
    std::string asset;
    int depth = 0;  // 0: the server's default
    bool upstream = false;
};

std::string teamLabel(const rapidjson::Value& item) {
    const std::string name = stringAt(item, {"owner_team_name"});
    return name.empty() ? stringAt(item, {"owner_team_id"}) : name;
}

// Consumer team names by depth: the blast radius reports consumers per depth, not per asset.
std::map<std::string, std::string> consumersByDepth(const rapidjson::Value& radius) {
    std::map<std::string, std::string> byDepth;
    for (const auto& consumer : arrayAt(radius, "consumers").GetArray()) {
        std::string& names = byDepth[stringAt(consumer, {"depth"})];
        if (!names.empty()) names += ", ";
        names += stringAt(consumer, {"team_name"});
    }
    return byDepth;
}

void printTree(const rapidjson::Value& radius) {
    const auto consumers = consumersByDepth(radius);
    auto consumersAt = [&](int depth) {
        auto found = consumers.find(std::to_string(depth));
        return found == consumers.end() ? std::string() : found->second;
    };
    std::cout << stringAt(radius, {"fqn"}) << " (" << stringAt(radius, {"direction"}) << ", depth "
              << stringAt(radius, {"depth"}) << ")\n";
    if (!consumersAt(1).empty()) std::cout << "  consumers: " << consumersAt(1) << "\n";
    for (const auto& asset : arrayAt(radius, "assets").GetArray()) {
        const int depth = std::atoi(stringAt(asset, {"depth"}).c_str());
        const std::string indent(static_cast<size_t>(depth) * 2, ' ');
        std::cout << indent << "└─ " << stringAt(asset, {"fqn"}) << "  owner: " << teamLabel(asset)
                  << "  [" << stringAt(asset, {"dependency_type"}) << "]\n";
        const std::string next = consumersAt(depth + 1);
        if (!next.empty()) std::cout << indent << "   consumers: " << next << "\n";
    }
}

void printTotals(const rapidjson::Value& radius) {
    const rapidjson::Value* totals = member(radius, "totals");
    if (!totals) return;
    std::cout << "\nTotals: " << stringAt(*totals, {"assets"}) << " assets, "
              << stringAt(*totals, {"consumer_teams"}) << " consumer teams\n";
    Table byDepth({"DEPTH", "ASSETS", "CONSUMER TEAMS", "REGISTRATIONS"});
    for (const auto& row : arrayAt(*totals, "by_depth").GetArray()) {
        byDepth.add({stringAt(row, {"depth"}), stringAt(row, {"assets"}),
                     stringAt(row, {"consumer_teams"}), stringAt(row, {"active_registrations"})});
    }
    if (!byDepth.empty()) byDepth.print(std::cout);
    Table byTeam({"TEAM", "OWNED ASSETS", "REGISTRATIONS", "CONSUMER DEPTH"});
    for (const auto& row : arrayAt(*totals, "by_team").GetArray()) {
        const std::string name = stringAt(row, {"team_name"});
        byTeam.add({name.empty() ? stringAt(row, {"team_id"}) : name,
                    stringAt(row, {"owned_assets"}), stringAt(row, {"active_registrations"}),
                    stringAt(row, {"consumer_depth"})});
    }
    if (!byTeam.empty()) {
        std::cout << "\n";
        byTeam.print(std::cout);
    }
}

void impact(const Session& session, const ImpactOptions& options) {
    const std::string id = resolveAssetId(session, options.asset);
    auto radius = session.fetch("GET", "/assets/" + urlEncode(id) + "/blast-radius",
                                {{"depth", options.depth > 0 ? std::to_string(options.depth) : ""},
                                 {"direction", options.upstream ? "upstream" : ""}});
    if (!radius) return;
    printTree(*radius);
    printTotals(*radius);
}

}  // namespace

void addImpactCommand(CLI::App& app, Commands& commands) {
    auto options = std::make_shared<ImpactOptions>();
    CLI::App* verb =
        commands.verb(app, "impact", "The blast radius of an asset: who is affected downstream",
                      [options](const Session& s) { impact(s, *options); });
    verb->add_option("ASSET", options->asset, "Asset id or FQN")->required();
    verb->add_option("-d,--depth", options->depth, "Levels to follow (server default when omitted)")
        ->check(CLI::PositiveNumber);
    verb->add_flag("-u,--upstream", options->upstream, "Follow dependencies upstream instead");
}

}  // namespace tessera::cli
