// Rendering helpers the impact and blast-radius responses share (server/http/response_writer):
// each team a response names is looked up once, and the consumer list is written the same way in
// both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/dependency_index.hpp"
#include "server/http/response_writer.hpp"

namespace tessera::server {

class GraphService;

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
    TeamTexts(const GraphService& graph, std::vector<graph::Uuid> teams);

    const TeamText& of(const graph::Uuid& team);

  private:
    std::vector<TeamText> texts_;  // by team id
    const TeamText* last_ = nullptr;
};

// The teams an impact result names: its team totals list every owner of a listed asset and every
// consuming team, ordered by id.
std::vector<graph::Uuid> teamsOf(const graph::ImpactResult& impact);

// The owners of a lineage's assets (neighbours often share one: repeats are skipped on the way).
std::vector<graph::Uuid> ownersOf(const graph::LineageResult& lineage);

// [{"team_id","team_name","status","pinned_version","depth"}…]
void writeConsumers(ResponseWriter& w, TeamTexts& teams,
                    const std::vector<graph::ImpactedConsumer>& consumers);

}  // namespace tessera::server
