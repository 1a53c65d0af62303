#include "cli/commands.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli/json_body.hpp"
#include "cli/version.hpp"

namespace tessera::cli {

CLI::App* Commands::verb(CLI::App& parent, const std::string& name, const std::string& description,
                         Action action) {
    CLI::App* sub = parent.add_subcommand(name, description);
    sub->add_flag("-j,--json", settings.json, "Print the server's JSON response unchanged");
    actions_[sub] = std::move(action);
    return sub;
}

CLI::App* Commands::group(CLI::App& parent, const std::string& name,
                          const std::string& description) {
    // No require_subcommand: CLI11 would report a missing verb before an unknown one
    // ("tessera team bogus" must say that "bogus" is unknown); runClient prints the group's
    // help when it is given without a verb.
    return parent.add_subcommand(name, description);
}

const CLI::App& deepestGiven(const CLI::App& app) {
    const CLI::App* current = &app;
    while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
    return *current;
}

const Action* Commands::chosen(const CLI::App& app) const {
    auto found = actions_.find(&deepestGiven(app));
    return found == actions_.end() ? nullptr : &found->second;
}

CLI::Option* addActingTeam(CLI::App& verb, std::string& team, const std::string& description) {
    return verb.add_option("-t,--team", team, description + " (default: $TESSERA_TEAM_ID)")
        ->envname("TESSERA_TEAM_ID")
        ->required();
}

namespace {

void addVersionCommand(CLI::App& app, Commands& commands) {
    commands.verb(app, "version", "Print the version and git revision (also --version)",
                  [](const Session& session) {
                      if (session.json()) {
                          std::printf("%s\n", JsonBody()
                                                  .text("version", clientVersion())
                                                  .text("revision", clientRevision())
                                                  .finish()
                                                  .c_str());
                      } else {
                          std::printf("%s\n", versionLine().c_str());
                      }
                  });
}

}  // namespace

int runClient(int argc, char** argv) {
    Commands commands;
    CLI::App app("Tessera: data contracts between the teams that produce and consume data.",
                 "tessera");
    app.failure_message(CLI::FailureMessage::help);
    app.set_version_flag("--version", versionLine(), "Print the version and git revision");
    // --url/--api-key may follow any verb.
    app.fallthrough();
    app.add_option("--url", commands.settings.url,
                   "Server URL (default: $TESSERA_URL or " + commands.settings.url + ")")
        ->envname("TESSERA_URL");
    app.add_option("--api-key", commands.settings.apiKey,
                   "API key sent as a Bearer token (default: $TESSERA_API_KEY)")
        ->envname("TESSERA_API_KEY");

    addTeamCommands(app, commands);
    addAssetCommands(app, commands);
    addContractCommands(app, commands);
    addProposalCommands(app, commands);
    addRegisterCommand(app, commands);
    addImpactCommand(app, commands);
    addDoctorCommand(app, commands);
    addDbtCommands(app, commands);
    addVersionCommand(app, commands);
    // Set after the subcommands, which would otherwise inherit it.
    app.footer(
        "Server commands (not listed above):\n"
        "  serve     apply pending migrations, then serve the HTTP API\n"
        "  migrate   apply pending migrations and exit\n"
        "  seed-demo apply pending migrations, then write the web UI's demo data\n"
        "They read their configuration from the environment (DATABASE_URL, API_PORT, ...).");

    if (argc <= 1) {
        std::cout << app.help();
        return kExitOk;
    }
    // `tessera help [VERB...]` is `tessera [VERB...] --help` (the server binary's usage answered
    // `help` before the client verbs existed).
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.front() == "help") {
        args.erase(args.begin());
        args.push_back("--help");
    }
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        app.exit(error, std::cerr, std::cerr);
        return kExitUsage;
    }
    const Action* action = commands.chosen(app);
    if (!action) {
        std::cerr << app.help();
        return kExitUsage;
    }
    try {
        (*action)(Session(commands.settings));
    } catch (const ExitRequest& exit) {
        return exit.status;
    }
    return kExitOk;
}

}  // namespace tessera::cli
