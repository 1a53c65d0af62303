#include "server/handlers/impact.hpp"

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/schema_validator.hpp"
#include "server/graph_service.hpp"
#include "server/request_context.hpp"
#include "server/request_validator.hpp"
#include "server/responses.hpp"
#include "store/asset_repository.hpp"
#include "store/contract_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

const std::vector<std::string> kDirections = {"downstream", "upstream"};

int depthParameter(RequestValidator& validate, const Config& config) {
    return static_cast<int>(
        validate.queryInt("depth", config.impactDepthDefault, 1, config.impactDepthMax)
            .value_or(config.impactDepthDefault));
}

void writeTeamName(JsonWriter& w, const GraphService& graph, const graph::Uuid& teamId) {
    if (auto name = graph.teamName(teamId)) {
        core::writeString(w, *name);
    } else {
        w.Null();
    }
}

void writeConsumers(JsonWriter& w, const GraphService& graph,
                    const std::vector<graph::ImpactedConsumer>& consumers) {
    w.StartArray();
    for (const auto& consumer : consumers) {
        w.StartObject();
        w.Key("team_id");
        core::writeString(w, consumer.teamId.toString());
        w.Key("team_name");
        writeTeamName(w, graph, consumer.teamId);
        w.Key("status");
        core::writeString(w, graph::toString(consumer.status));
        w.Key("pinned_version");
        core::writeNullableString(w, consumer.pinnedVersion);
        w.Key("depth");
        w.Uint(consumer.depth);
        w.EndObject();
    }
    w.EndArray();
}

// The asset's id for the index; the path value was validated as a UUID already.
graph::Uuid indexId(const std::string& canonical) {
    return *graph::Uuid::parse(canonical);
}

}  // namespace

HttpResponse analyzeImpact(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const int depth = depthParameter(validate, context.config());
    const rapidjson::Value* proposed = validate.objectBody();
    validate.finish();

    // Checked before the asset lookup (02 §9.5 step 1).
    if (auto errors = core::validateJsonSchema(*proposed); !errors.empty()) {
        throw core::badRequest("BAD_REQUEST", core::invalidSchemaMessage(errors));
    }
    store::AssetRepository assets(context.db);
    if (!assets.findIncludingDeleted(assetId)) {
        throw core::notFound("ASSET_NOT_FOUND", "Asset not found");
    }
    store::ContractRepository contracts(context.db);
    const auto current = contracts.current(assetId);
    if (!current) {
        return jsonResponseWith(200, [&](JsonWriter& w) {
            w.StartObject();
            w.Key("change_type");
            w.String("minor");
            w.Key("breaking_changes");
            w.StartArray();
            w.EndArray();
            w.Key("impacted_consumers");
            w.StartArray();
            w.EndArray();
            w.Key("impacted_assets");
            w.StartArray();
            w.EndArray();
            w.Key("safe_to_publish");
            w.Bool(true);
            w.Key("asset_id");
            core::writeString(w, assetId);
            w.EndObject();
        });
    }

    rapidjson::Document currentSchema;
    currentSchema.Parse(current->schemaJson.c_str(), current->schemaJson.size());
    const core::SchemaDiff diff = core::diffSchemas(currentSchema, *proposed);
    const auto mode = core::parseCompatibilityMode(current->compatibilityMode)
                          .value_or(core::kDefaultCompatibilityMode);
    const auto breaking = core::breakingChanges(diff.changes, core::baseMode(mode));

    const GraphService& graph = *context.app.graph;
    const auto impact = graph.index().impact(indexId(assetId), static_cast<uint32_t>(depth));
    return jsonResponseWith(200, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("change_type");
        core::writeString(w, core::changeTypeName(diff.changeType));
        w.Key("breaking_changes");
        core::writeChangesJson(w, breaking);
        w.Key("impacted_consumers");
        if (impact) {
            writeConsumers(w, graph, impact->consumers);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.Key("impacted_assets");
        w.StartArray();
        if (impact) {
            for (const auto& reached : impact->lineage.assets) {
                w.StartObject();
                w.Key("asset_id");
                core::writeString(w, reached.id.toString());
                w.Key("fqn");
                core::writeString(w, reached.fqn);
                w.Key("dependency_type");
                core::writeString(w, graph::toString(reached.dependencyType));
                w.Key("depth");
                w.Uint(reached.depth);
                w.EndObject();
            }
        }
        w.EndArray();
        w.Key("safe_to_publish");
        w.Bool(breaking.empty());
        w.Key("traversal_depth");
        w.Int(depth);
        w.Key("asset_id");
        core::writeString(w, assetId);
        w.EndObject();
    });
}

HttpResponse getBlastRadius(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const int depth = depthParameter(validate, context.config());
    const std::string direction =
        validate.queryEnum("direction", kDirections).value_or("downstream");
    validate.finish();

    const GraphService& graph = *context.app.graph;
    // Any change to the index changes the tag, so a 304 is never stale. The replica's start
    // nonce keeps tags of different replicas apart.
    const std::string etag =
        "\"" + graph.instanceTag() + "." + std::to_string(graph.revision()) + "\"";
    if (context.request.header("if-none-match") == etag) {
        HttpResponse notModified = emptyResponse(304);
        notModified.setHeader("ETag", etag);
        return notModified;
    }

    const graph::Uuid root = indexId(assetId);
    const auto rootInfo = graph.index().asset(root);
    if (!rootInfo) throw core::notFound("ASSET_NOT_FOUND", "Asset not found");
    const bool downstream = direction == "downstream";
    std::optional<graph::ImpactResult> impact;
    std::optional<graph::LineageResult> lineage;
    if (downstream) {
        impact = graph.index().impact(root, static_cast<uint32_t>(depth));
        if (impact) lineage = impact->lineage;
    } else {
        lineage = graph.index().upstream(root, static_cast<uint32_t>(depth));
    }
    if (!lineage) throw core::notFound("ASSET_NOT_FOUND", "Asset not found");

    HttpResponse response = jsonResponseWith(200, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, assetId);
        w.Key("fqn");
        core::writeString(w, rootInfo->fqn);
        w.Key("direction");
        core::writeString(w, direction);
        w.Key("depth");
        w.Int(depth);
        w.Key("generation");
        w.Int64(graph.generation());
        w.Key("assets");
        w.StartArray();
        for (const auto& reached : lineage->assets) {
            w.StartObject();
            w.Key("asset_id");
            core::writeString(w, reached.id.toString());
            w.Key("fqn");
            core::writeString(w, reached.fqn);
            w.Key("depth");
            w.Uint(reached.depth);
            w.Key("dependency_type");
            core::writeString(w, graph::toString(reached.dependencyType));
            w.Key("owner_team_id");
            core::writeString(w, reached.ownerTeamId.toString());
            w.Key("owner_team_name");
            writeTeamName(w, graph, reached.ownerTeamId);
            w.Key("deleted");
            w.Bool(reached.deleted);
            w.EndObject();
        }
        w.EndArray();
        w.Key("consumers");
        if (impact) {
            writeConsumers(w, graph, impact->consumers);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.Key("totals");
        w.StartObject();
        w.Key("assets");
        w.Uint64(lineage->assets.size());
        w.Key("consumer_teams");
        w.Uint64(impact ? impact->consumers.size() : 0);
        w.Key("by_depth");
        w.StartArray();
        if (impact) {
            for (const auto& totals : impact->depthTotals) {
                w.StartObject();
                w.Key("depth");
                w.Uint(totals.depth);
                w.Key("assets");
                w.Uint(totals.assets);
                w.Key("consumer_teams");
                w.Uint(totals.consumerTeams);
                w.Key("active_registrations");
                w.Uint(totals.activeRegistrations);
                w.EndObject();
            }
        } else {
            std::vector<uint32_t> perDepth(static_cast<size_t>(depth) + 1, 0);
            for (const auto& reached : lineage->assets) ++perDepth[reached.depth];
            for (int d = 1; d <= depth; ++d) {
                if (perDepth[static_cast<size_t>(d)] == 0) continue;
                w.StartObject();
                w.Key("depth");
                w.Int(d);
                w.Key("assets");
                w.Uint(perDepth[static_cast<size_t>(d)]);
                w.EndObject();
            }
        }
        w.EndArray();
        w.Key("by_team");
        w.StartArray();
        if (impact) {
            for (const auto& team : impact->teamTotals) {
                w.StartObject();
                w.Key("team_id");
                core::writeString(w, team.teamId.toString());
                w.Key("team_name");
                writeTeamName(w, graph, team.teamId);
                w.Key("owned_assets");
                w.Uint(team.ownedAssets);
                w.Key("active_registrations");
                w.Uint(team.activeRegistrations);
                w.Key("consumer_depth");
                if (team.consumerDepth) {
                    w.Uint(*team.consumerDepth);
                } else {
                    w.Null();
                }
                w.EndObject();
            }
        }
        w.EndArray();
        w.EndObject();
        w.EndObject();
    });
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

}  // namespace tessera::server
