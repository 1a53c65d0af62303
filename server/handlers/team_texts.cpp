#include "server/handlers/team_texts.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/json.hpp"
#include "server/index/graph_service.hpp"

namespace tessera::server {

TeamTexts::TeamTexts(const GraphService& graph, std::vector<graph::Uuid> teams) {
    if (!std::is_sorted(teams.begin(), teams.end())) std::sort(teams.begin(), teams.end());
    teams.erase(std::unique(teams.begin(), teams.end()), teams.end());
    texts_.reserve(teams.size());
    for (const graph::Uuid& team : teams) {
        texts_.push_back({team, QuotedUuid(team), graph.teamName(team)});
    }
}

const TeamText& TeamTexts::of(const graph::Uuid& team) {
    // Assets come in (depth, FQN) order, so neighbours often share their owner.
    if (last_ != nullptr && last_->team == team) return *last_;
    const auto it = std::lower_bound(
        texts_.begin(), texts_.end(), team,
        [](const TeamText& text, const graph::Uuid& id) { return text.team < id; });
    if (it == texts_.end() || it->team != team) {
        throw std::logic_error("team " + team.toString() + " missing from the response's teams");
    }
    last_ = &*it;
    return *last_;
}

std::vector<graph::Uuid> teamsOf(const graph::ImpactResult& impact) {
    std::vector<graph::Uuid> teams;
    teams.reserve(impact.teamTotals.size());
    for (const auto& totals : impact.teamTotals) teams.push_back(totals.teamId);
    return teams;
}

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

}  // namespace tessera::server
