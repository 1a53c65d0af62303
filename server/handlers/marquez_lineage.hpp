// GET /api/v1/lineage?nodeId=…&depth=… (issue 20): Marquez's lineage graph, at Marquez's path
// beside the OpenLineage ingest, so that tools reading lineage from Marquez can read it from
// Tessera. Shape and the fields left null: docs/openlineage.md "Lineage graph".
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

// Marquez's default depth, and a bound so that one request cannot walk without end.
inline constexpr int kLineageGraphDepthDefault = 20;
inline constexpr int kLineageGraphDepthMax = 100;

HttpResponse getLineageGraph(RequestContext& context);

}  // namespace tessera::server
