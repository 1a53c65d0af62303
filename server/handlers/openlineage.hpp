// POST /api/v1/lineage: OpenLineage events at Marquez's path (issue 20, docs/openlineage.md).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse ingestLineageEvents(RequestContext& context);

}  // namespace tessera::server
