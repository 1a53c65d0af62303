// What the inlets' lineage edges leave behind (dbt sync, OpenLineage ingest): one audit event
// per edge created or deleted (dependency.created / dependency.deleted, the payload naming both
// assets and the sync source) and the graph and cache changes of both ends.
#pragma once

#include <vector>

#include "server/http/request_context.hpp"
#include "store/dbt_sync_writes.hpp"

namespace tessera::server::services {

void recordEdgeEffects(RequestContext& context, store::DbtSyncWrites& writes,
                       const std::vector<store::DbtEdgeRow>& created,
                       const std::vector<store::DbtEdgeRow>& deleted);

}  // namespace tessera::server::services
