// The column-level blast radius as JSON (issue 20 item 3): GET /assets/{id}/blast-radius with
// `columns`, and the `column_impact` of POST /assets/{id}/impact and of proposals.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/dependency_index.hpp"
#include "server/handlers/team_texts.hpp"
#include "server/http/response_writer.hpp"
#include "server/services/impact_analysis.hpp"

namespace tessera::server {

// Every team owning an asset of the radius, by id.
std::vector<graph::Uuid> ownersOf(const graph::ColumnRadius& radius);

// The members "columns" (null: every column), "assets" [{asset_id, fqn, depth, owner_team_id,
// owner_team_name, deleted, all_columns, affected_columns}], "teams" [{team_id, team_name,
// assets}] and "assumed_all_columns" (with a "note" when true) of an open object.
void writeColumnRadiusMembers(ResponseWriter& w, TeamTexts& teams,
                              const std::optional<std::vector<std::string>>& columns,
                              const graph::ColumnRadius& radius);

// The member "column_impact": {the members above} of an open object (the teams looked up here).
void writeColumnImpactMember(ResponseWriter& w, const GraphService& graph,
                             const services::ColumnImpact& impact);

}  // namespace tessera::server
