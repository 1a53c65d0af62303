// The page routes of spec 04 §5.3: without a live session 302 /login; the audit log for
// admins only (others 302 /); a detail page of an unknown id 404; otherwise the HTML shell
// (server/web/page_shell.hpp) whose script loads the data from /api/v1 with the cookie.
#pragma once

#include <optional>

#include "server/http/route.hpp"
#include "store/web_page_subjects.hpp"

namespace tessera::server::web {

struct PageSpec {
    const char* page;   // data-page and the script /static/pages/<page>.js
    const char* title;  // of a list page; a detail page adds its subject's name
    std::optional<store::PageSubject> subject = std::nullopt;  // detail pages: what {id} names
    bool adminOnly = false;
    bool drawsGraph = false;  // loads the graph library (blast-radius picture)
};

Handler pageHandler(PageSpec spec);

}  // namespace tessera::server::web
