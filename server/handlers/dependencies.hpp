// Dependencies and one-level lineage (spec 02 §9.1–9.4).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse createDependency(RequestContext& context);
HttpResponse listDependencies(RequestContext& context);
HttpResponse deleteDependency(RequestContext& context);
HttpResponse getLineage(RequestContext& context);

}  // namespace tessera::server
