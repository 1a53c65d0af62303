// POST /api/v1/schemas/validate (spec 01 §13): is this object a valid JSON Schema (Draft-07
// meta-schema), and if not, every reason. Public; the same check publishing and impact use.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse validateSchema(RequestContext& context);

}  // namespace tessera::server
