// The dbt previews (spec 04 §4.7–§4.8): what a manifest would change, writing nothing.
// POST /sync/dbt/impact compares each model's columns with its asset's contract;
// POST /sync/dbt/diff is the CI gate (new / modified / unchanged / breaking, meta errors).
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse previewDbtImpact(RequestContext& context);
HttpResponse previewDbtDiff(RequestContext& context);

}  // namespace tessera::server
