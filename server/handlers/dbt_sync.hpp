// The dbt syncs that write (spec 04 §4.5–§4.6): POST /sync/dbt reads a manifest file on the
// server, POST /sync/dbt/upload takes it in the body. Both fill the lineage from depends_on
// (issue 15) and report it under `dependencies`.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse syncDbtFile(RequestContext& context);
HttpResponse uploadDbt(RequestContext& context);

}  // namespace tessera::server
