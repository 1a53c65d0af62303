#include "server/handlers/column_radius.hpp"

#include <algorithm>
#include <map>

namespace tessera::server {
namespace {

constexpr const char* kAssumedNote =
    "Edges without column mappings were followed as reading every column (conservative)";

void writeTexts(ResponseWriter& w, const std::vector<std::string>& texts) {
    w.StartArray();
    for (const std::string& text : texts) w.text(text);
    w.EndArray();
}

}  // namespace

std::vector<graph::Uuid> ownersOf(const graph::ColumnRadius& radius) {
    std::vector<graph::Uuid> teams;
    for (const auto& reached : radius.assets) teams.push_back(reached.ownerTeamId);
    std::sort(teams.begin(), teams.end());
    teams.erase(std::unique(teams.begin(), teams.end()), teams.end());
    return teams;
}

void writeColumnRadiusMembers(ResponseWriter& w, TeamTexts& teams,
                              const std::optional<std::vector<std::string>>& columns,
                              const graph::ColumnRadius& radius) {
    w.key("columns");
    if (columns) {
        writeTexts(w, *columns);
    } else {
        w.Null();
    }
    w.key("assets");
    w.StartArray();
    std::map<graph::Uuid, uint32_t> owned;
    for (const auto& reached : radius.assets) {
        ++owned[reached.ownerTeamId];
        w.StartObject();
        w.key("asset_id");
        QuotedUuid(reached.id).write(w);
        w.key("fqn");
        w.text(reached.fqn);
        w.key("depth");
        w.Uint(reached.depth);
        const TeamText& owner = teams.of(reached.ownerTeamId);
        w.key("owner_team_id");
        owner.writeId(w);
        w.key("owner_team_name");
        owner.writeName(w);
        w.key("deleted");
        w.Bool(reached.deleted);
        w.key("all_columns");
        w.Bool(reached.allColumns);
        w.key("affected_columns");
        writeTexts(w, reached.columns);
        w.EndObject();
    }
    w.EndArray();
    w.key("teams");
    w.StartArray();
    for (const auto& [team, assets] : owned) {
        const TeamText& text = teams.of(team);
        w.StartObject();
        w.key("team_id");
        text.writeId(w);
        w.key("team_name");
        text.writeName(w);
        w.key("assets");
        w.Uint(assets);
        w.EndObject();
    }
    w.EndArray();
    w.key("assumed_all_columns");
    w.Bool(radius.assumedAllColumns);
    if (radius.assumedAllColumns) {
        w.key("note");
        w.text(kAssumedNote);
    }
}

void writeColumnImpactMember(ResponseWriter& w, const GraphService& graph,
                             const services::ColumnImpact& impact) {
    TeamTexts teams(graph, ownersOf(impact.radius));
    w.key("column_impact");
    w.StartObject();
    writeColumnRadiusMembers(w, teams, impact.columns, impact.radius);
    w.EndObject();
}

}  // namespace tessera::server
