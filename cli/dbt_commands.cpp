// tessera dbt check|sync|register (spec 04 §6). This server reads whole manifests, so where the
// original client made one to three calls per model, check is one POST /sync/dbt/diff, sync one
// POST /sync/dbt/upload (which also fills the lineage), and register one search and one
// registration per source. FQNs come from the server's rules (lower(database.schema.name)), so
// the client and the server always agree on them.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/change_lines.hpp"
#include "cli/commands.hpp"
#include "cli/json_body.hpp"
#include "cli/json_text.hpp"
#include "cli/lookups.hpp"
#include "core/dbt_manifest.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/semver.hpp"

namespace tessera::cli {
namespace {

struct DbtOptions {
    std::string manifest = "target/manifest.json";
    std::string team;
    bool createProposals = false;
    bool failOnBreaking = true;
    bool createAssets = false;
    bool publishCompatible = false;
    std::string upstream;
};

// The manifest's text, checked to be a JSON object before anything is sent: a missing file is
// exit 1 (04 §6), one that is not a JSON object exit 2.
std::string readManifest(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) fail("manifest file '" + path + "' not found", kExitFailure);
    std::stringstream text;
    text << file.rdbuf();
    const auto parsed = core::parseJson(text.str(), 512);
    if (!parsed.ok || !parsed.document.IsObject()) {
        fail("manifest file '" + path + "' is not a JSON object", kExitUsage);
    }
    return text.str();
}

// Which teams a breaking model breaks, from the diff's additive fields.
void printAffected(const rapidjson::Value& model) {
    const rapidjson::Value* teams = member(model, "affected_teams");
    if (!teams || !teams->IsArray()) return;
    std::cout << "    reaches " << stringAt(model, {"downstream_assets"})
              << " downstream assets; teams affected:";
    if (teams->Empty()) std::cout << " none";
    std::cout << "\n";
    for (const auto& team : teams->GetArray()) {
        const std::string name = stringAt(team, {"team_name"});
        std::cout << "      " << (name.empty() ? stringAt(team, {"team_id"}) : name) << " ("
                  << stringAt(team, {"assets"}) << " assets"
                  << (team["has_registrations"].IsTrue() ? ", registered consumer" : "") << ")\n";
    }
}

void check(const Session& session, const DbtOptions& options) {
    if (options.createProposals && options.team.empty()) {
        fail("--create-proposals needs --team (or TESSERA_TEAM_ID)");
    }
    const std::string manifest = readManifest(options.manifest);
    const std::string body = "{\"manifest\":" + manifest + ",\"fail_on_breaking\":" +
                             (options.failOnBreaking ? "true" : "false") + "}";
    ApiResponse raw = session.callRaw("POST", "/sync/dbt/diff", {}, body);
    const auto parsed = core::parseJson(raw.body, 512);
    const rapidjson::Value& diff = parsed.document;
    if (session.json()) {
        std::cout << raw.body << "\n";
    } else {
        const auto& summary = diff["summary"];
        std::cout << "dbt check: " << stringAt(summary, {"new"}) << " new, "
                  << stringAt(summary, {"modified"}) << " modified, "
                  << stringAt(summary, {"unchanged"}) << " unchanged, "
                  << stringAt(summary, {"breaking"}) << " breaking\n";
        for (const auto& model : arrayAt(diff, "models").GetArray()) {
            if (stringAt(model, {"schema_change_type"}) != "breaking") continue;
            std::cout << "BREAKING " << stringAt(model, {"fqn"}) << "\n";
            printChanges(std::cout, arrayAt(model, "breaking_changes"));
            printAffected(model);
        }
        for (const auto& text : arrayAt(diff, "meta_errors").GetArray()) {
            std::cout << "Meta error: " << scalarText(text) << "\n";
        }
        for (const auto& text : arrayAt(diff, "warnings").GetArray()) {
            std::cout << "Warning: " << scalarText(text) << "\n";
        }
    }
    if (options.createProposals && diff["summary"]["breaking"].GetInt() > 0) {
        const std::string upload = "{\"manifest\":" + manifest + ",\"owner_team_id\":\"" +
                                   options.team +
                                   "\",\"conflict_mode\":\"overwrite\","
                                   "\"auto_create_proposals\":true}";
        const auto result = session.call("POST", "/sync/dbt/upload", {}, upload);
        if (!session.json()) {
            std::cout << "Proposals created: " << stringAt(result["proposals"], {"created"})
                      << "\n";
        }
    }
    if (diff["blocking"].IsTrue()) throw ExitRequest{kExitFailure};
}

// The manifest read with the server's rules (so FQNs and columns→schema agree with the
// server's); an unreadable one is a usage error naming the file.
core::DbtManifest readManifestAssets(const DbtOptions& options, const std::string& text) {
    const auto parsed = core::parseJson(text, 512);
    try {
        return core::readDbtManifest(parsed.document);
    } catch (const core::DbtManifestError& error) {
        fail("manifest file '" + options.manifest + "' at " + error.path() + ": " + error.what(),
             kExitUsage);
    }
}

// `dbt sync --publish-compatible` (04 §6): every existing model whose columns change its active
// contract compatibly gets a minor-bumped contract of the new columns, in the active one's mode.
// No guarantees are sent (04 §6 names the schema and the version): those dbt's tests give keep
// `custom` as a list, which the publish endpoint refuses (issue 21). Breaking changes were left to
// the upload's proposals.
struct CompatiblePublishing {
    size_t published = 0;
    size_t proposals = 0;  // the server found it breaking after all (a transitive mode)
    std::vector<std::string> errors;
};

CompatiblePublishing publishCompatible(const Session& session, const DbtOptions& options,
                                       const core::DbtManifest& manifest) {
    CompatiblePublishing result;
    for (const core::DbtAsset& asset : manifest.assets) {
        if (asset.resourceType == "source" || asset.columnCount == 0) continue;
        const auto found = findAssetId(session, asset.fqn);
        if (!found) continue;
        const std::string& assetId = *found;
        const auto contracts =
            session.call("GET", "/assets/" + urlEncode(assetId) + "/contracts", {{"limit", "100"}});
        const rapidjson::Value* active = nullptr;
        for (const auto& contract : arrayAt(contracts, "results").GetArray()) {
            if (stringAt(contract, {"status"}) == "active") active = &contract;
        }
        if (active == nullptr || !active->HasMember("schema_def")) continue;
        const auto proposed = core::parseJson(asset.schemaJson, 512);
        const core::SchemaDiff diff = core::diffSchemas((*active)["schema_def"], proposed.document);
        const std::string mode = stringAt(*active, {"compatibility_mode"});
        const auto breaking = core::breakingChanges(
            diff.changes, core::baseMode(core::storedCompatibilityMode(mode)));
        if (diff.changes.empty() || !breaking.empty()) continue;
        const auto version =
            core::bumpVersion(stringAt(*active, {"version"}), core::VersionBump::Minor);
        if (!version) continue;
        JsonBody body;
        body.text("version", *version)
            .raw("schema", asset.schemaJson)
            .text("compatibility_mode", mode);
        ApiResponse response;
        try {
            response = session.client().api("POST", "/assets/" + urlEncode(assetId) + "/contracts",
                                            {{"published_by", options.team}}, body.finish());
        } catch (const UnreachableError& error) {
            fail("cannot reach " + session.settings().url + ": " + error.what());
        }
        if (response.status >= 400) {
            result.errors.push_back(asset.fqn + ": " + errorMessage(response.body) + " (" +
                                    std::to_string(response.status) + ")");
            continue;
        }
        const auto answer = core::parseJson(response.body, 512);
        const std::string action =
            answer.ok && answer.document.IsObject() ? stringAt(answer.document, {"action"}) : "";
        if (action == "proposal_created") {
            ++result.proposals;
        } else {
            ++result.published;
        }
    }
    return result;
}

void sync(const Session& session, const DbtOptions& options) {
    const std::string manifest = readManifest(options.manifest);
    // Read first: an unreadable manifest sends no request.
    const core::DbtManifest assets =
        options.publishCompatible ? readManifestAssets(options, manifest) : core::DbtManifest{};
    std::string body = "{\"manifest\":" + manifest + ",\"owner_team_id\":\"" + options.team +
                       "\",\"auto_publish_contracts\":true,\"auto_register_consumers\":true";
    // Existing assets are only touched when asked: their metadata is rewritten and a breaking
    // change opens a proposal instead of publishing.
    if (options.publishCompatible) {
        body += ",\"conflict_mode\":\"overwrite\",\"auto_create_proposals\":true";
    }
    auto result = session.fetch("POST", "/sync/dbt/upload", {}, body + "}");
    const CompatiblePublishing compatible = options.publishCompatible
                                                ? publishCompatible(session, options, assets)
                                                : CompatiblePublishing{};
    if (!result) {  // --json: the upload's body was printed
        if (!compatible.errors.empty()) throw ExitRequest{kExitFailure};
        return;
    }
    const auto& counts = (*result)["assets"];
    std::cout << "Created " << stringAt(counts, {"created"}) << " assets, updated "
              << stringAt(counts, {"updated"}) << ", skipped " << stringAt(counts, {"skipped"})
              << "\n"
              << "Published " << stringAt((*result)["contracts"], {"published"})
              << " contracts, registered " << stringAt((*result)["registrations"], {"created"})
              << " consumers, opened " << stringAt((*result)["proposals"], {"created"})
              << " proposals\n"
              << "Lineage: " << stringAt((*result)["dependencies"], {"created"})
              << " edges created, " << stringAt((*result)["dependencies"], {"removed"})
              << " removed, " << stringAt((*result)["dependencies"], {"unchanged"})
              << " unchanged\n";
    for (const char* key : {"ownership_warnings", "contract_warnings", "registration_warnings"}) {
        for (const auto& text : arrayAt(*result, key).GetArray()) {
            std::cout << "Warning: " << scalarText(text) << "\n";
        }
    }
    if (options.publishCompatible) {
        std::cout << "Published " << compatible.published
                  << " compatible changes as minor versions";
        if (compatible.proposals > 0)
            std::cout << ", opened " << compatible.proposals << " proposals";
        std::cout << ", " << compatible.errors.size() << " errors\n";
        for (const auto& error : compatible.errors) std::cerr << "Error: " << error << "\n";
        if (!compatible.errors.empty()) throw ExitRequest{kExitFailure};
    }
}

// "[#####     ] 12/40" on stderr, redrawn in place; only on a terminal.
class Progress {
  public:
    explicit Progress(size_t total) : total_(total), shown_(total > 1 && isatty(2)) {}
    void step(size_t done) const {
        if (!shown_) return;
        const size_t width = 30, filled = total_ ? done * width / total_ : width;
        std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
                  << done << "/" << total_ << (done == total_ ? "\n" : "") << std::flush;
    }

  private:
    size_t total_;
    bool shown_;
};

void registerSources(const Session& session, const DbtOptions& options) {
    const core::DbtManifest manifest = readManifestAssets(options, readManifest(options.manifest));
    std::vector<const core::DbtAsset*> sources;
    for (const auto& asset : manifest.assets) {
        if (asset.resourceType == "source") sources.push_back(&asset);
    }
    Progress progress(sources.size());
    size_t registered = 0, missing = 0, done = 0;
    std::string results = "[";
    for (const core::DbtAsset* source : sources) {
        progress.step(done++);
        const auto page =
            session.call("GET", "/assets/search", {{"q", source->fqn}, {"limit", "100"}});
        std::string assetId;
        for (const auto& asset : arrayAt(page, "results").GetArray()) {
            if (stringAt(asset, {"fqn"}) == source->fqn) assetId = stringAt(asset, {"id"});
        }
        std::string outcome = "not found";
        if (!assetId.empty()) {
            if (const auto contract = activeContract(session, assetId)) {
                JsonBody body;
                body.text("consumer_team_id", options.team);
                ApiResponse response;
                try {
                    response = session.client().api("POST", "/registrations",
                                                    {{"contract_id", contract->id}}, body.finish());
                } catch (const UnreachableError& error) {
                    fail("cannot reach " + session.settings().url + ": " + error.what());
                }
                outcome = response.status == 201   ? "registered"
                          : response.status == 409 ? "already registered"
                                                   : "error " + std::to_string(response.status);
            } else {
                outcome = "no active contract";
            }
        }
        if (outcome == "registered") ++registered;
        if (outcome == "not found") ++missing;
        if (session.json()) {
            results += std::string(results.size() > 1 ? "," : "") +
                       "{\"fqn\":" + core::jsonQuote(source->fqn) +
                       ",\"result\":" + core::jsonQuote(outcome) + "}";
        } else {
            std::cout << source->fqn << ": " << outcome << "\n";
        }
    }
    progress.step(done);
    if (session.json()) {
        std::cout << "{\"registered\":" << registered << ",\"not_found\":" << missing
                  << ",\"results\":" << results << "]}\n";
    } else {
        std::cout << "Registered on " << registered << " sources, " << missing << " not found\n";
    }
}

}  // namespace

void addDbtCommands(CLI::App& app, Commands& commands) {
    CLI::App* dbt = Commands::group(app, "dbt", "Check, sync and register a dbt project");
    auto options = std::make_shared<DbtOptions>();
    const auto manifestOption = [&](CLI::App* verb) {
        verb->add_option("-m,--manifest", options->manifest,
                         "dbt manifest.json (default: target/manifest.json)");
    };
    CLI::App* checkVerb = commands.verb(
        *dbt, "check",
        "CI gate: diff the manifest against the contracts; exit 1 on breaking changes",
        [options](const Session& s) { check(s, *options); });
    manifestOption(checkVerb);
    checkVerb->add_option("-t,--team", options->team, "Team for --create-proposals")
        ->envname("TESSERA_TEAM_ID");
    checkVerb->add_flag("-p,--create-proposals", options->createProposals,
                        "Open proposals for the breaking models");
    checkVerb->add_flag("-f,--fail-on-breaking,!--no-fail-on-breaking", options->failOnBreaking,
                        "Exit 1 on breaking changes (default on)");
    CLI::App* syncVerb = commands.verb(
        *dbt, "sync", "Upload the manifest: assets, contracts 1.0.0, consumers and lineage",
        [options](const Session& s) { sync(s, *options); });
    manifestOption(syncVerb);
    addActingTeam(*syncVerb, options->team, "Owner team of new assets");
    syncVerb->add_flag("-c,--create-assets", options->createAssets,
                       "Create the assets the server lacks (always on: the upload creates them)");
    syncVerb->add_flag("--publish-compatible", options->publishCompatible,
                       "Also update existing assets: compatible changes publish a minor "
                       "version, breaking ones open proposals");
    CLI::App* registerVerb =
        commands.verb(*dbt, "register", "Register the team as a consumer of every dbt source",
                      [options](const Session& s) { registerSources(s, *options); });
    manifestOption(registerVerb);
    addActingTeam(*registerVerb, options->team, "Consumer team id");
    registerVerb->add_option("-u,--upstream", options->upstream, "Ignored (as in the original)");
}

}  // namespace tessera::cli
