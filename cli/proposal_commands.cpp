// tessera proposal list|get|status|acknowledge|withdraw|force|publish (spec 04 §6, 03 §9):
// force sends `actor_id` as a query parameter, publish sends {"version","published_by"} with
// the version, when not given, bumped from the active contract by the proposal's change type.
#include <iostream>
#include <memory>

#include "cli/change_lines.hpp"
#include "cli/commands.hpp"
#include "cli/json_body.hpp"
#include "cli/json_text.hpp"
#include "cli/lookups.hpp"
#include "cli/table.hpp"
#include "core/semver.hpp"

namespace tessera::cli {
namespace {

struct ProposalOptions {
    std::string id;
    std::string status;
    std::string asset;
    int limit = 50;
    std::string team;
    std::string response = "approved";
    std::string notes;
    std::string version;
};

std::string proposalPath(const std::string& id, const std::string& tail = {}) {
    return "/proposals/" + urlEncode(id) + tail;
}

void list(const Session& session, const ProposalOptions& options) {
    auto page = session.fetch("GET", "/proposals",
                              {{"limit", std::to_string(options.limit)},
                               {"status", options.status},
                               {"asset_id", options.asset}});
    if (!page) return;
    Table table({"ID", "ASSET", "STATUS", "CHANGE", "BREAKING", "ACKS", "PROPOSED"});
    for (const auto& proposal : arrayAt(*page, "results").GetArray()) {
        table.add({stringAt(proposal, {"id"}), stringAt(proposal, {"asset_fqn"}),
                   stringAt(proposal, {"status"}), stringAt(proposal, {"change_type"}),
                   stringAt(proposal, {"breaking_changes_count"}),
                   stringAt(proposal, {"acknowledgment_count"}) + "/" +
                       stringAt(proposal, {"total_consumers"}),
                   stringAt(proposal, {"proposed_at"})});
    }
    if (table.empty()) {
        std::cout << "No proposals found\n";
        return;
    }
    table.print(std::cout);
    std::cout << "Total: " << stringAt(*page, {"total"}) << "\n";
}

void get(const Session& session, const ProposalOptions& options) {
    auto proposal = session.fetch("GET", proposalPath(options.id));
    if (!proposal) return;
    printFields(std::cout, {{"ID", stringAt(*proposal, {"id"})},
                            {"Asset", stringAt(*proposal, {"asset_id"})},
                            {"Status", stringAt(*proposal, {"status"})},
                            {"Change type", stringAt(*proposal, {"change_type"})},
                            {"Proposed by", stringAt(*proposal, {"proposed_by"})},
                            {"Proposed at", stringAt(*proposal, {"proposed_at"})},
                            {"Resolved at", stringAt(*proposal, {"resolved_at"})}});
}

void status(const Session& session, const ProposalOptions& options) {
    auto progress = session.fetch("GET", proposalPath(options.id, "/status"));
    if (!progress) return;
    const auto& p = *progress;
    printFields(std::cout,
                {{"Proposal", stringAt(p, {"proposal_id"})},
                 {"Asset", stringAt(p, {"asset_fqn"})},
                 {"Status", stringAt(p, {"status"})},
                 {"Change type", stringAt(p, {"change_type"})},
                 {"Proposed by", stringAt(p, {"proposed_by", "team_name"})},
                 {"Consumers", stringAt(p, {"consumers", "total"}) + " total, " +
                                   stringAt(p, {"consumers", "acknowledged"}) + " acknowledged, " +
                                   stringAt(p, {"consumers", "pending"}) + " pending, " +
                                   stringAt(p, {"consumers", "blocked"}) + " blocked"}});
    std::cout << "Breaking changes:\n";
    printChanges(std::cout, arrayAt(p, "breaking_changes"));
    Table acks({"TEAM", "RESPONSE", "RESPONDED", "NOTES"});
    for (const auto& ack : arrayAt(p, "acknowledgments").GetArray()) {
        acks.add({stringAt(ack, {"consumer_team_name"}), stringAt(ack, {"response"}),
                  stringAt(ack, {"responded_at"}), stringAt(ack, {"notes"})});
    }
    if (!acks.empty()) acks.print(std::cout);
    for (const auto& pending : arrayAt(p, "pending_consumers").GetArray()) {
        std::cout << "Waiting for: " << stringAt(pending, {"team_name"}) << " ("
                  << stringAt(pending, {"team_id"}) << ")\n";
    }
    for (const auto& warning : arrayAt(p, "warnings").GetArray()) {
        std::cout << "Warning: " << scalarText(warning) << "\n";
    }
}

void acknowledge(const Session& session, const ProposalOptions& options) {
    JsonBody body;
    body.text("consumer_team_id", options.team).text("response", options.response);
    if (!options.notes.empty()) body.text("notes", options.notes);
    auto ack = session.fetch("POST", proposalPath(options.id, "/acknowledge"), {}, body.finish());
    if (!ack) return;
    std::cout << "Acknowledged proposal " << options.id << ": " << stringAt(*ack, {"response"})
              << "\n";
}

void printProposalState(const rapidjson::Value& proposal, const std::string& verb) {
    std::cout << verb << " proposal " << stringAt(proposal, {"id"}) << " (status "
              << stringAt(proposal, {"status"}) << ")\n";
}

void withdraw(const Session& session, const ProposalOptions& options) {
    // The server acts as the caller's team and ignores the body; the original sends it.
    const std::string body = JsonBody().text("actor_team_id", options.team).finish();
    auto proposal = session.fetch("POST", proposalPath(options.id, "/withdraw"), {}, body);
    if (proposal) printProposalState(*proposal, "Withdrew");
}

void force(const Session& session, const ProposalOptions& options) {
    auto proposal =
        session.fetch("POST", proposalPath(options.id, "/force"), {{"actor_id", options.team}});
    if (proposal) printProposalState(*proposal, "Force-approved");
}

// The version a proposal publishes as when --version is not given: the active contract's
// version bumped major for a major change, minor otherwise (the server never auto-bumps patch).
std::string defaultVersion(const Session& session, const std::string& proposalId) {
    const auto proposal = session.call("GET", proposalPath(proposalId));
    const auto current = activeContract(session, stringAt(proposal, {"asset_id"}));
    if (!current) return std::string(core::kInitialVersion);
    const auto bump = stringAt(proposal, {"change_type"}) == "major" ? core::VersionBump::Major
                                                                     : core::VersionBump::Minor;
    auto next = core::bumpVersion(current->version, bump);
    if (!next) fail(core::autoVersionErrorMessage(current->version), kExitUsage);
    return *next;
}

void publish(const Session& session, const ProposalOptions& options) {
    const std::string version =
        options.version.empty() ? defaultVersion(session, options.id) : options.version;
    const std::string body =
        JsonBody().text("version", version).text("published_by", options.team).finish();
    auto result = session.fetch("POST", proposalPath(options.id, "/publish"), {}, body);
    if (!result) return;
    std::cout << "Published contract " << stringAt(*result, {"contract", "version"}) << " ("
              << stringAt(*result, {"contract", "id"}) << ") from proposal " << options.id << "\n";
    const std::string warning = stringAt(*result, {"audit_warning"});
    if (!warning.empty()) std::cout << warning << "\n";
}

CLI::App* proposalVerb(Commands& commands, CLI::App& group, const std::string& name,
                       const std::string& description, const std::shared_ptr<ProposalOptions>& o,
                       void (*run)(const Session&, const ProposalOptions&)) {
    CLI::App* verb =
        commands.verb(group, name, description, [o, run](const Session& s) { run(s, *o); });
    verb->add_option("ID", o->id, "Proposal id")->required();
    return verb;
}

}  // namespace

void addProposalCommands(CLI::App& app, Commands& commands) {
    auto o = std::make_shared<ProposalOptions>();
    CLI::App* group = Commands::group(app, "proposal", "Review breaking-change proposals");

    CLI::App* listVerb =
        commands.verb(*group, "list", "List proposals", [o](const Session& s) { list(s, *o); });
    listVerb->add_option("-s,--status", o->status, "pending, approved, rejected or withdrawn");
    listVerb->add_option("-a,--asset", o->asset, "Only proposals of this asset id");
    listVerb->add_option("-l,--limit", o->limit, "Maximum number of proposals")
        ->capture_default_str();

    proposalVerb(commands, *group, "get", "Show one proposal", o, get);
    proposalVerb(commands, *group, "status", "Who has acknowledged, who is pending", o, status);

    CLI::App* ackVerb = proposalVerb(commands, *group, "acknowledge",
                                     "Answer a proposal as a consumer team", o, acknowledge);
    addActingTeam(*ackVerb, o->team, "Consumer team id");
    ackVerb->add_option("-r,--response", o->response, "approved, blocked or migrating")
        ->check(CLI::IsMember({"approved", "blocked", "migrating"}))
        ->capture_default_str();
    ackVerb->add_option("-n,--notes", o->notes, "Notes for the producer");

    addActingTeam(
        *proposalVerb(commands, *group, "withdraw", "Withdraw your proposal", o, withdraw), o->team,
        "Proposing team id");
    addActingTeam(*proposalVerb(commands, *group, "force",
                                "Approve without waiting for every consumer", o, force),
                  o->team, "Acting team id");
    CLI::App* publishVerb = proposalVerb(commands, *group, "publish",
                                         "Publish an approved proposal as a contract", o, publish);
    addActingTeam(*publishVerb, o->team, "Publishing team id");
    publishVerb->add_option("-v,--version", o->version,
                            "Contract version (default: the active version bumped by the "
                            "proposal's change type)");
}

}  // namespace tessera::cli
