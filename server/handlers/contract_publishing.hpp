// POST /assets/{asset_id}/contracts (spec 02 §5): parses the publish request, hands it to the
// publishing service (server/services/contract_publishing) and renders what it decided.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse publishContract(RequestContext& context);

}  // namespace tessera::server
