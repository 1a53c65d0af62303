// POST /api/v1/lineage (issue 20): OpenLineage events become assets and lineage edges, in one
// transaction with one graph change, through the dbt sync's batched writes. The mapping rule
// (dataset → asset, namespace → environment, job → edges) is docs/openlineage.md.
#pragma once

#include <string>
#include <vector>

#include "core/openlineage_event.hpp"
#include "server/http/request_context.hpp"

namespace tessera::server::services {

// The source every edge the ingest creates carries (core.dependencies.sync_source).
inline constexpr const char* kOpenLineageSyncSource = "openlineage";

// The environment of a dataset namespace's assets: OPENLINEAGE_ENVIRONMENTS, else
// DEFAULT_ENVIRONMENT.
const std::string& openLineageEnvironment(const Config& config, const std::string& ns);

// Events in body order: a later event's facets win over an earlier one's. New assets are owned
// by the caller's team; 400 when the caller has no team, 404 TEAM_NOT_FOUND when its team row is
// gone.
void ingestOpenLineage(RequestContext& context, const std::vector<core::OpenLineageEvent>& events);

}  // namespace tessera::server::services
