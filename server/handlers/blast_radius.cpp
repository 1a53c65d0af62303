#include "server/handlers/blast_radius.hpp"

#include "core/json.hpp"
#include "server/handlers/team_texts.hpp"
#include "server/handlers/traversal_depth.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/response_writer.hpp"
#include "server/index/graph_service.hpp"
#include "server/services/impact_analysis.hpp"

namespace tessera::server {
namespace {

const std::vector<std::string> kDirections = {"downstream", "upstream"};

void writeAssets(ResponseWriter& w, TeamTexts& teams, const graph::LineageResult& lineage) {
    w.StartArray();
    for (const auto& reached : lineage.assets) {
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
}

void writeDownstreamDepths(ResponseWriter& w, const graph::ImpactResult& impact) {
    for (const auto& totals : impact.depthTotals) {
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
}

// Upstream has no consumers: assets per depth only, empty depths left out.
void writeUpstreamDepths(ResponseWriter& w, const graph::LineageResult& lineage, int depth) {
    std::vector<uint32_t> perDepth(static_cast<size_t>(depth) + 1, 0);
    for (const auto& reached : lineage.assets) ++perDepth[reached.depth];
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

void writeTeamTotals(ResponseWriter& w, TeamTexts& teams, const graph::ImpactResult& impact) {
    for (const auto& team : impact.teamTotals) {
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

void writeTotals(ResponseWriter& w, TeamTexts& teams, const services::BlastRadius& radius,
                 int depth) {
    const graph::LineageResult& lineage = radius.lineage();
    w.StartObject();
    w.key("assets");
    w.Uint64(lineage.assets.size());
    w.key("consumer_teams");
    w.Uint64(radius.impact ? radius.impact->consumers.size() : 0);
    w.key("by_depth");
    w.StartArray();
    if (radius.impact) {
        writeDownstreamDepths(w, *radius.impact);
    } else {
        writeUpstreamDepths(w, lineage, depth);
    }
    w.EndArray();
    w.key("by_team");
    w.StartArray();
    if (radius.impact) writeTeamTotals(w, teams, *radius.impact);
    w.EndArray();
    w.EndObject();
}

}  // namespace

HttpResponse getBlastRadius(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const int depth = traversalDepth(validate, context.config());
    const std::string direction =
        validate.queryEnum("direction", kDirections).value_or("downstream");
    validate.finish();

    const GraphService& graph = *context.app.graph;
    const std::string etag = services::blastRadiusTag(graph);
    if (context.request.header("if-none-match") == etag) {
        HttpResponse notModified = emptyResponse(core::status::kNotModified);
        notModified.setHeader("ETag", etag);
        return notModified;
    }

    const services::BlastRadius radius =
        services::computeBlastRadius(graph, assetId, depth, direction == "downstream");
    const graph::LineageResult& lineage = radius.lineage();
    TeamTexts teams(graph, radius.impact ? teamsOf(*radius.impact) : ownersOf(lineage));
    HttpResponse response = renderInThreadBuffer(core::status::kOk, [&](ResponseWriter& w) {
        w.StartObject();
        w.key("asset_id");
        w.text(assetId);
        w.key("fqn");
        w.text(radius.root.fqn);
        w.key("direction");
        w.text(direction);
        w.key("depth");
        w.Int(depth);
        w.key("generation");
        w.Int64(graph.generation());
        w.key("assets");
        writeAssets(w, teams, lineage);
        w.key("consumers");
        if (radius.impact) {
            writeConsumers(w, teams, radius.impact->consumers);
        } else {
            w.StartArray();
            w.EndArray();
        }
        w.key("totals");
        writeTotals(w, teams, radius, depth);
        w.EndObject();
    });
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "no-cache");
    return response;
}

}  // namespace tessera::server
