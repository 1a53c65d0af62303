// tessera register: a consumer team registers on an asset's active contract. The server takes
// `contract_id` (query), not the asset, so the active contract is looked up first.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/json_body.hpp"
#include "cli/json_text.hpp"
#include "cli/lookups.hpp"

namespace tessera::cli {
namespace {

struct RegisterOptions {
    std::string asset;
    std::string team;
    std::string pin;
};

void registerConsumer(const Session& session, const RegisterOptions& options) {
    // The asset first: a contract listing of a missing asset is not an error on this server.
    const std::string assetId = resolveAssetId(session, options.asset);
    const auto asset = session.call("GET", "/assets/" + urlEncode(assetId));
    const std::string fqn = stringAt(asset, {"fqn"});
    const auto contract = activeContract(session, assetId);
    if (!contract) fail("asset " + fqn + " has no active contract to register on");
    JsonBody body;
    body.text("consumer_team_id", options.team);
    if (!options.pin.empty()) body.text("pinned_version", options.pin);
    auto registration =
        session.fetch("POST", "/registrations", {{"contract_id", contract->id}}, body.finish());
    if (!registration) return;
    std::cout << "Registered team " << options.team << " on contract " << contract->version
              << " of " << fqn << " (registration " << stringAt(*registration, {"id"}) << ")\n";
}

}  // namespace

void addRegisterCommand(CLI::App& app, Commands& commands) {
    auto options = std::make_shared<RegisterOptions>();
    CLI::App* verb = commands.verb(app, "register", "Register a team as a consumer of an asset",
                                   [options](const Session& s) { registerConsumer(s, *options); });
    verb->add_option("-a,--asset", options->asset, "Asset id or FQN")->required();
    addActingTeam(*verb, options->team, "Consumer team id");
    verb->add_option("-p,--pin", options->pin, "Pin to this contract version (X.Y.Z)");
}

}  // namespace tessera::cli
