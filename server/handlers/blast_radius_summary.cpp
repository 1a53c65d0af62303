#include "server/handlers/blast_radius_summary.hpp"

namespace tessera::server {

std::vector<graph::Uuid> teamsOf(const graph::RadiusSummary& summary) {
    std::vector<graph::Uuid> ids;
    ids.reserve(summary.teams.size());
    for (const graph::TeamSummary& team : summary.teams) ids.push_back(team.teamId);
    return ids;
}

void writeSummaryFields(ResponseWriter& w, TeamTexts& teams, const graph::RadiusSummary& summary) {
    w.key("total_assets");
    w.Uint64(summary.totalAssets);
    w.key("by_depth");
    w.StartArray();
    for (const graph::DepthSummary& depth : summary.byDepth) {
        w.StartObject();
        w.key("depth");
        w.Uint(depth.depth);
        w.key("assets");
        w.Uint(depth.assets);
        w.key("teams");
        w.Uint(depth.teams);
        w.EndObject();
    }
    w.EndArray();
    w.key("teams");
    w.StartArray();
    for (const graph::TeamSummary& team : summary.teams) {
        const TeamText& text = teams.of(team.teamId);
        w.StartObject();
        w.key("team_id");
        text.writeId(w);
        w.key("team_name");
        text.writeName(w);
        w.key("assets");
        w.Uint(team.assets);
        w.key("registered");
        w.Bool(team.registered);
        w.EndObject();
    }
    w.EndArray();
}

}  // namespace tessera::server
