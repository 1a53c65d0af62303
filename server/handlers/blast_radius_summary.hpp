// The body of GET /assets/{asset_id}/blast-radius?view=summary past the root's fields: totals of
// the radius with no asset list, for dashboards that poll (a few KB whatever the radius).
#pragma once

#include "graph/dependency_index.hpp"
#include "server/handlers/team_texts.hpp"
#include "server/http/response_writer.hpp"

namespace tessera::server {

// The teams a summary names (ordered by id, as the summary lists them).
std::vector<graph::Uuid> teamsOf(const graph::RadiusSummary& summary);

// "total_assets", "by_depth": [{"depth","assets","teams"}…], "teams": [{"team_id","team_name",
// "assets","registered"}…], as keys and values of the object being written.
void writeSummaryFields(ResponseWriter& w, TeamTexts& teams, const graph::RadiusSummary& summary);

}  // namespace tessera::server
