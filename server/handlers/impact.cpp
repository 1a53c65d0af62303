#include "server/handlers/impact.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/schema_diff.hpp"
#include "core/schema_validator.hpp"
#include "server/index/graph_service.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/response_writer.hpp"
#include "server/http/responses.hpp"
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

// ---- Rendering (server/response_writer.hpp) ----

// A team as responses show it: its id, ready to copy, and its name (null if this replica does
// not know the team).
struct TeamText {
    graph::Uuid team;
    QuotedUuid id;
    std::optional<std::string> name;

    void writeId(ResponseWriter& w) const { id.write(w); }
    void writeName(ResponseWriter& w) const {
        if (name) {
            w.text(*name);
        } else {
            w.Null();
        }
    }
};

// Every team a response names, each looked up once: a radius lists hundreds of assets owned by a
// few teams, and each GraphService::teamName() takes a shared lock and copies the name.
class TeamTexts {
  public:
    // `teams` must hold every team of().
    TeamTexts(const GraphService& graph, std::vector<graph::Uuid> teams) {
        if (!std::is_sorted(teams.begin(), teams.end())) std::sort(teams.begin(), teams.end());
        teams.erase(std::unique(teams.begin(), teams.end()), teams.end());
        texts_.reserve(teams.size());
        for (const graph::Uuid& team : teams) {
            texts_.push_back({team, QuotedUuid(team), graph.teamName(team)});
        }
    }

    const TeamText& of(const graph::Uuid& team) {
        // Assets come in (depth, FQN) order, so neighbours often share their owner.
        if (last_ != nullptr && last_->team == team) return *last_;
        const auto it = std::lower_bound(
            texts_.begin(), texts_.end(), team,
            [](const TeamText& text, const graph::Uuid& id) { return text.team < id; });
        if (it == texts_.end() || it->team != team) {
            throw std::logic_error("team " + team.toString() +
                                   " missing from the response's teams");
        }
        last_ = &*it;
        return *last_;
    }

  private:
    std::vector<TeamText> texts_;  // by team id
    const TeamText* last_ = nullptr;
};

// The teams an impact result names: its team totals list every owner of a listed asset and every
// consuming team, ordered by id.
std::vector<graph::Uuid> teamsOf(const graph::ImpactResult& impact) {
    std::vector<graph::Uuid> teams;
    teams.reserve(impact.teamTotals.size());
    for (const auto& totals : impact.teamTotals) teams.push_back(totals.teamId);
    return teams;
}

// The owners of a lineage's assets (neighbours often share one: skip repeats on the way).
std::vector<graph::Uuid> ownersOf(const graph::LineageResult& lineage) {
    std::vector<graph::Uuid> teams;
    for (const auto& reached : lineage.assets) {
        if (teams.empty() || teams.back() != reached.ownerTeamId) {
            teams.push_back(reached.ownerTeamId);
        }
    }
    return teams;
}

void writeConsumers(ResponseWriter& w, TeamTexts& teams,
                    const std::vector<graph::ImpactedConsumer>& consumers) {
    w.StartArray();
    for (const auto& consumer : consumers) {
        w.StartObject();
        const TeamText& team = teams.of(consumer.teamId);
        w.key("team_id");
        team.writeId(w);
        w.key("team_name");
        team.writeName(w);
        w.key("status");
        w.text(graph::toString(consumer.status));
        w.key("pinned_version");
        core::writeNullableString(w, consumer.pinnedVersion);
        w.key("depth");
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
        return renderInThreadBuffer(200, [&](ResponseWriter& w) {
            w.StartObject();
            w.key("change_type");
            w.String("minor");
            w.key("breaking_changes");
            w.StartArray();
            w.EndArray();
            w.key("impacted_consumers");
            w.StartArray();
            w.EndArray();
            w.key("impacted_assets");
            w.StartArray();
            w.EndArray();
            w.key("safe_to_publish");
            w.Bool(true);
            w.key("asset_id");
            w.text(assetId);
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
    TeamTexts teams(graph, impact ? teamsOf(*impact) : std::vector<graph::Uuid>());
    return renderInThreadBuffer(200, [&](ResponseWriter& w) {
        w.StartObject();
        w.key("change_type");
        w.text(core::changeTypeName(diff.changeType));
        w.key("breaking_changes");
        core::writeChangesJson(w, breaking);
        w.key("impacted_consumers");
        if (impact) {
            writeConsumers(w, teams, impact->consumers);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.key("impacted_assets");
        w.StartArray();
        if (impact) {
            for (const auto& reached : impact->lineage.assets) {
                w.StartObject();
                w.key("asset_id");
                QuotedUuid(reached.id).write(w);
                w.key("fqn");
                w.text(reached.fqn);
                w.key("dependency_type");
                w.text(graph::toString(reached.dependencyType));
                w.key("depth");
                w.Uint(reached.depth);
                w.EndObject();
            }
        }
        w.EndArray();
        w.key("safe_to_publish");
        w.Bool(breaking.empty());
        w.key("traversal_depth");
        w.Int(depth);
        w.key("asset_id");
        w.text(assetId);
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
    std::optional<graph::LineageResult> upstream;
    const graph::LineageResult* lineage = nullptr;
    if (downstream) {
        impact = graph.index().impact(root, static_cast<uint32_t>(depth));
        if (impact) lineage = &impact->lineage;
    } else {
        upstream = graph.index().upstream(root, static_cast<uint32_t>(depth));
        if (upstream) lineage = &*upstream;
    }
    if (!lineage) throw core::notFound("ASSET_NOT_FOUND", "Asset not found");

    TeamTexts teams(graph, impact ? teamsOf(*impact) : ownersOf(*lineage));
    HttpResponse response = renderInThreadBuffer(200, [&](ResponseWriter& w) {
        w.StartObject();
        w.key("asset_id");
        w.text(assetId);
        w.key("fqn");
        w.text(rootInfo->fqn);
        w.key("direction");
        w.text(direction);
        w.key("depth");
        w.Int(depth);
        w.key("generation");
        w.Int64(graph.generation());
        w.key("assets");
        w.StartArray();
        for (const auto& reached : lineage->assets) {
            w.StartObject();
            w.key("asset_id");
            QuotedUuid(reached.id).write(w);
            w.key("fqn");
            w.text(reached.fqn);
            w.key("depth");
            w.Uint(reached.depth);
            w.key("dependency_type");
            w.text(graph::toString(reached.dependencyType));
            const TeamText& owner = teams.of(reached.ownerTeamId);
            w.key("owner_team_id");
            owner.writeId(w);
            w.key("owner_team_name");
            owner.writeName(w);
            w.key("deleted");
            w.Bool(reached.deleted);
            w.EndObject();
        }
        w.EndArray();
        w.key("consumers");
        if (impact) {
            writeConsumers(w, teams, impact->consumers);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.key("totals");
        w.StartObject();
        w.key("assets");
        w.Uint64(lineage->assets.size());
        w.key("consumer_teams");
        w.Uint64(impact ? impact->consumers.size() : 0);
        w.key("by_depth");
        w.StartArray();
        if (impact) {
            for (const auto& totals : impact->depthTotals) {
                w.StartObject();
                w.key("depth");
                w.Uint(totals.depth);
                w.key("assets");
                w.Uint(totals.assets);
                w.key("consumer_teams");
                w.Uint(totals.consumerTeams);
                w.key("active_registrations");
                w.Uint(totals.activeRegistrations);
                w.EndObject();
            }
        } else {
            std::vector<uint32_t> perDepth(static_cast<size_t>(depth) + 1, 0);
            for (const auto& reached : lineage->assets) ++perDepth[reached.depth];
            for (int d = 1; d <= depth; ++d) {
                if (perDepth[static_cast<size_t>(d)] == 0) continue;
                w.StartObject();
                w.key("depth");
                w.Int(d);
                w.key("assets");
                w.Uint(perDepth[static_cast<size_t>(d)]);
                w.EndObject();
            }
        }
        w.EndArray();
        w.key("by_team");
        w.StartArray();
        if (impact) {
            for (const auto& team : impact->teamTotals) {
                w.StartObject();
                const TeamText& text = teams.of(team.teamId);
                w.key("team_id");
                text.writeId(w);
                w.key("team_name");
                text.writeName(w);
                w.key("owned_assets");
                w.Uint(team.ownedAssets);
                w.key("active_registrations");
                w.Uint(team.activeRegistrations);
                w.key("consumer_depth");
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
