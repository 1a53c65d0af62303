// The verb tree: each verb group file adds its subcommands to the CLI11 app and registers what
// runs when that subcommand is the one given.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <map>
#include <string>

#include "cli/session.hpp"

namespace tessera::cli {

using Action = std::function<void(const Session&)>;

class Commands {
  public:
    // A leaf subcommand of `parent` with its own `--json` flag; `action` runs when it is given.
    CLI::App* verb(CLI::App& parent, const std::string& name, const std::string& description,
                   Action action);
    // A subcommand that only groups verbs: one of them must follow.
    static CLI::App* group(CLI::App& parent, const std::string& name,
                           const std::string& description);
    // The action of the deepest subcommand given, or nullptr (a group without its verb).
    const Action* chosen(const CLI::App& app) const;

    Settings settings;

  private:
    std::map<const CLI::App*, Action> actions_;
};

// The deepest subcommand on the command line (the app itself when none).
const CLI::App& deepestGiven(const CLI::App& app);

// An option naming the acting team: required, TESSERA_TEAM_ID when not given.
CLI::Option* addActingTeam(CLI::App& verb, std::string& team, const std::string& description);

void addTeamCommands(CLI::App& app, Commands& commands);
void addAssetCommands(CLI::App& app, Commands& commands);
void addContractCommands(CLI::App& app, Commands& commands);
void addProposalCommands(CLI::App& app, Commands& commands);
void addRegisterCommand(CLI::App& app, Commands& commands);
void addImpactCommand(CLI::App& app, Commands& commands);
void addDoctorCommand(CLI::App& app, Commands& commands);
void addDbtCommands(CLI::App& app, Commands& commands);

// The client's part of `tessera`: every verb but serve/migrate. Returns the exit status.
int runClient(int argc, char** argv);

}  // namespace tessera::cli
