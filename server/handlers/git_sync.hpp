// Git sync (spec 04 §4.1–§4.3): POST /sync/push writes the catalogue to GIT_SYNC_PATH as YAML,
// POST /sync/pull reads it back (server/services/git_sync.hpp). Admin scope, no body.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse pushSync(RequestContext& context);
HttpResponse pullSync(RequestContext& context);

}  // namespace tessera::server
