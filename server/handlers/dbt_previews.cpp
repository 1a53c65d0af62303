#include "server/handlers/dbt_previews.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/dbt_manifest.hpp"
#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/text.hpp"
#include "server/app.hpp"
#include "server/handlers/blast_radius_summary.hpp"
#include "server/handlers/dbt_manifest_input.hpp"
#include "server/handlers/team_texts.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/index/graph_service.hpp"
#include "server/services/impact_analysis.hpp"
#include "store/dbt_sync_reads.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

std::vector<std::string> fqnsOf(const std::vector<const core::DbtAsset*>& entries) {
    std::vector<std::string> fqns;
    for (const core::DbtAsset* entry : entries) fqns.push_back(entry->fqn);
    return fqns;
}

// The columns' schema against the contract's, breaking under the contract's mode.
struct SchemaCheck {
    core::SchemaDiff diff;
    std::vector<core::SchemaChange> breaking;
};

SchemaCheck checkAgainstContract(const core::DbtAsset& entry, const store::DbtTarget& target) {
    // core.contracts.schema is `json`, kept as written: a model whose columns still give the
    // text that was published is unchanged — no changes, nothing breaking, as the walk of two
    // equal schemas says — without parsing either (most models of a CI diff).
    if (entry.schemaJson == *target.contractSchemaJson) return SchemaCheck{};
    const rapidjson::Document current = core::parseStoredJson(*target.contractSchemaJson);
    const rapidjson::Document proposed = core::parseStoredJson(entry.schemaJson);
    SchemaCheck check;
    check.diff = core::diffSchemas(current, proposed);
    const auto mode =
        core::storedCompatibilityMode(target.contractCompatibilityMode.value_or("backward"));
    check.breaking = core::breakingChanges(check.diff.changes, core::baseMode(mode));
    return check;
}

// Beyond the spec (issue 15): who a breaking model breaks downstream, from the index (depth
// 10): `downstream_assets` and `affected_teams` [{team_id, team_name, assets (theirs reached),
// has_registrations}], the teams ordered by id. Nothing when the index lacks the asset.
constexpr int kDownstreamDepth = 10;

void writeDownstream(JsonWriter& w, const GraphService* graph, const std::string& assetId) {
    if (!graph) return;
    std::optional<services::BlastRadiusSummary> radius;
    try {
        radius = services::summarizeBlastRadius(*graph, assetId, kDownstreamDepth, true);
    } catch (const core::ApiError&) {
        return;  // written behind the index's back a moment ago; it follows shortly
    }
    TeamTexts teams(*graph, teamsOf(radius->summary));
    w.Key("downstream_assets");
    w.Uint64(radius->summary.totalAssets);
    w.Key("affected_teams");
    w.StartArray();
    for (const graph::TeamSummary& team : radius->summary.teams) {
        const TeamText& text = teams.of(team.teamId);
        w.StartObject();
        w.Key("team_id");
        core::writeString(w, team.teamId.toString());
        w.Key("team_name");
        core::writeNullableString(w, text.name);
        w.Key("assets");
        w.Uint64(team.assets);
        w.Key("has_registrations");
        w.Bool(team.registered);
        w.EndObject();
    }
    w.EndArray();
}

}  // namespace

HttpResponse previewDbtImpact(RequestContext& context) {
    RequestValidator validate(context);
    const rapidjson::Value* manifestValue = nullptr;
    if (const rapidjson::Value* body = validate.modelBody()) {
        manifestValue = validate.dictField(*body, "manifest", {}, Presence::Required);
        validate.uuidField(*body, "owner_team_id", {}, Presence::Required);  // required, unused
    }
    validate.finish();
    const core::DbtManifest manifest = readManifestOrRefuse(*manifestValue);

    std::vector<const core::DbtAsset*> entries;
    for (const auto& asset : manifest.assets) entries.push_back(&asset);
    const auto targets = store::DbtSyncReads(context.db).targets(fqnsOf(entries), true);

    size_t withContracts = 0;
    size_t breakingModels = 0;
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        // The counts come first on the wire: the results are written into their own buffer.
        const std::string results = buildJson([&](JsonWriter& r) {
            r.StartArray();
            for (const core::DbtAsset* entry : entries) {
                r.StartObject();
                r.Key("fqn");
                core::writeString(r, entry->fqn);
                r.Key("node_id");
                core::writeString(r, entry->uniqueId);
                const auto target = targets.find(entry->fqn);
                const bool hasContract =
                    target != targets.end() && target->second.contractSchemaJson.has_value();
                r.Key("has_contract");
                r.Bool(hasContract);
                if (!hasContract) {
                    r.Key("safe_to_publish");
                    r.Bool(true);
                    r.Key("change_type");
                    r.Null();
                    r.Key("breaking_changes");
                    r.StartArray();
                    r.EndArray();
                } else {
                    ++withContracts;
                    const SchemaCheck check = checkAgainstContract(*entry, target->second);
                    if (!check.breaking.empty()) ++breakingModels;
                    r.Key("safe_to_publish");
                    r.Bool(check.breaking.empty());
                    r.Key("change_type");
                    core::writeString(r, core::changeTypeName(check.diff.changeType));
                    r.Key("breaking_changes");
                    core::writeChangesJson(r, check.breaking);
                    if (!check.breaking.empty()) {
                        writeDownstream(r, context.app.graph.get(), target->second.assetId);
                    }
                }
                r.EndObject();
            }
            r.EndArray();
        });
        w.StartObject();
        w.Key("status");
        w.String(breakingModels > 0 ? "breaking_changes_detected" : "success");
        w.Key("total_models");
        w.Uint64(entries.size());
        w.Key("models_with_contracts");
        w.Uint64(withContracts);
        w.Key("breaking_changes_count");
        w.Uint64(breakingModels);
        w.Key("results");
        w.RawValue(results.data(), results.size(), rapidjson::kArrayType);
        w.EndObject();
    });
}

HttpResponse previewDbtDiff(RequestContext& context) {
    RequestValidator validate(context);
    const rapidjson::Value* manifestValue = nullptr;
    bool failOnBreaking = true;
    if (const rapidjson::Value* body = validate.modelBody()) {
        manifestValue = validate.dictField(*body, "manifest", {}, Presence::Required);
        failOnBreaking =
            validate.boolField(*body, "fail_on_breaking", {}, Presence::Optional).value_or(true);
    }
    validate.finish();
    const core::DbtManifest manifest = readManifestOrRefuse(*manifestValue);

    // One entry per FQN, at its first position; a later duplicate replaces it (04 §4.8 step 1).
    std::vector<const core::DbtAsset*> entries;
    std::map<std::string, size_t> positionOf;
    for (const auto& asset : manifest.assets) {
        if (const auto [at, inserted] = positionOf.emplace(asset.fqn, entries.size()); inserted) {
            entries.push_back(&asset);
        } else {
            entries[at->second] = &asset;
        }
    }
    store::DbtSyncReads reads(context.db);
    const std::vector<std::string> fqns = fqnsOf(entries);
    const auto existing = reads.targets(fqns, false);
    std::vector<std::string> teamNames;
    for (const core::DbtAsset* entry : entries) {
        if (entry->tessera.ownerTeam)
            teamNames.push_back(core::asciiLower(*entry->tessera.ownerTeam));
        for (const auto& team : entry->tessera.consumerTeams)
            teamNames.push_back(core::asciiLower(team));
    }
    const std::set<std::string> knownTeams = reads.activeTeamNames(teamNames);

    // consumers_from_refs: the other entries built from each one.
    std::map<std::string, size_t> builtFrom;
    for (const core::DbtAsset* entry : entries) {
        for (const std::string& parent : entry->parents) {
            if (parent != entry->uniqueId) ++builtFrom[parent];
        }
    }
    size_t created = 0, modified = 0, unchanged = 0, breaking = 0;
    std::vector<std::string> metaErrors;
    const std::string models = buildJson([&](JsonWriter& w) {
        w.StartArray();
        for (const core::DbtAsset* entry : entries) {
            const auto target = existing.find(entry->fqn);
            const bool hasSchema = entry->columnCount > 0;
            const auto refs = builtFrom.find(entry->uniqueId);
            const size_t fromRefs = refs == builtFrom.end() ? 0 : refs->second;
            if (entry->tessera.ownerTeam &&
                !knownTeams.count(core::asciiLower(*entry->tessera.ownerTeam))) {
                metaErrors.push_back(entry->fqn + ": owner_team '" + *entry->tessera.ownerTeam +
                                     "' not found");
            }
            for (const auto& team : entry->tessera.consumerTeams) {
                if (!knownTeams.count(core::asciiLower(team))) {
                    metaErrors.push_back(entry->fqn + ": consumer team '" + team + "' not found");
                }
            }
            std::string_view changeType = "new";
            std::optional<std::string_view> schemaChangeType;
            std::vector<core::SchemaChange> breakingChanges;
            if (target == existing.end()) {
                ++created;
            } else if (!hasSchema) {
                changeType = "unchanged";
                ++unchanged;
            } else {
                changeType = "modified";
                ++modified;
                if (target->second.contractSchemaJson) {
                    // Identical schemas read as modified/compatible, as in the original.
                    SchemaCheck check = checkAgainstContract(*entry, target->second);
                    if (check.breaking.empty()) {
                        schemaChangeType = "compatible";
                    } else {
                        schemaChangeType = "breaking";
                        breakingChanges = std::move(check.breaking);
                        ++breaking;
                    }
                }
            }
            w.StartObject();
            w.Key("fqn");
            core::writeString(w, entry->fqn);
            w.Key("node_id");
            core::writeString(w, entry->uniqueId);
            w.Key("change_type");
            core::writeString(w, changeType);
            w.Key("owner_team");
            core::writeNullableString(w, entry->tessera.ownerTeam);
            w.Key("consumers_declared");
            w.Uint64(entry->tessera.consumersDeclared);
            w.Key("consumers_from_refs");
            w.Uint64(fromRefs);
            w.Key("has_schema");
            w.Bool(hasSchema);
            w.Key("schema_change_type");
            if (schemaChangeType) {
                core::writeString(w, *schemaChangeType);
            } else {
                w.Null();
            }
            w.Key("breaking_changes");
            core::writeChangesJson(w, breakingChanges);
            if (!breakingChanges.empty()) {
                writeDownstream(w, context.app.graph.get(), target->second.assetId);
            }
            w.EndObject();
        }
        w.EndArray();
    });
    std::vector<std::string> warnings;
    for (const std::string& fqn : reads.dbtAssetsMissingFrom(fqns)) {
        warnings.push_back(fqn + ": Asset in Tessera but missing from manifest (deleted?)");
    }

    const bool blocking = (breaking > 0 && failOnBreaking) || !metaErrors.empty();
    const char* status = breaking > 0             ? "breaking_changes_detected"
                         : created + modified > 0 ? "changes_detected"
                                                  : "clean";
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("status");
        w.String(status);
        w.Key("summary");
        w.StartObject();
        w.Key("new");
        w.Uint64(created);
        w.Key("modified");
        w.Uint64(modified);
        w.Key("unchanged");
        w.Uint64(unchanged);
        w.Key("breaking");
        w.Uint64(breaking);
        w.EndObject();
        w.Key("blocking");
        w.Bool(blocking);
        w.Key("models");
        w.RawValue(models.data(), models.size(), rapidjson::kArrayType);
        for (const auto& [key, texts] :
             {std::pair{"warnings", &warnings}, std::pair{"meta_errors", &metaErrors}}) {
            w.Key(key);
            w.StartArray();
            for (const std::string& text : *texts) core::writeString(w, text);
            w.EndArray();
        }
        w.EndObject();
    });
}

}  // namespace tessera::server
