// GET /static/{path...} from WEB_STATIC_DIR and /static/vendor/{path...} from WEB_VENDOR_DIR
// (where npm installed the graph library): only regular files inside the root, after every
// symlink is resolved (no `..`, no dot files, no escape); Content-Type by extension; a strong
// ETag from size and modification time, 304 on If-None-Match; Cache-Control public, 5 minutes
// (vendor files, which change only with a reinstall, a day). Anything else is the 404 envelope.
#pragma once

#include "server/http/route.hpp"

namespace tessera::server::web {

HttpResponse getStaticFile(RequestContext& context);
HttpResponse getVendorFile(RequestContext& context);

}  // namespace tessera::server::web
