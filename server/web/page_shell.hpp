// The HTML of the web UI (spec 04 §5.3, the contract in docs/webui.md): the shell every page
// shares (header, nav, an empty <main> the page's script fills from /api/v1), the login form
// and short message pages. Every value passes through escapeHtml (server/web/html_text.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/http/http_types.hpp"

namespace tessera::server::web {

struct ShellUser {
    std::string id;
    std::string name;
    std::string role;    // admin, team_admin, user
    std::string teamId;  // empty for a user without a team
};

struct PageShell {
    std::string page;   // dashboard, users, user, …: data-page and /static/pages/<page>.js
    std::string title;  // after "Tessera – "
    std::string id;     // the {id} of a detail page, else empty
    std::string csrfToken;
    ShellUser user;
    bool slack = false;                      // SLACK_WEBHOOK_URL is set
    std::vector<std::string> vendorScripts;  // paths under /static/vendor/, loaded first
};

std::string renderPageShell(const PageShell& shell);

// The login form; `showError` adds "Invalid email or password".
std::string renderLoginPage(std::string_view csrfToken, bool showError);

// A page with one heading and one sentence (404, 403, 429 in the browser).
std::string renderMessagePage(std::string_view title, std::string_view message);

// text/html, never cached (shells carry the CSRF token), with a Content-Security-Policy that
// runs only the server's own scripts.
HttpResponse htmlResponse(int status, std::string body);

// 302 to a path of this server.
HttpResponse redirectTo(std::string location);

}  // namespace tessera::server::web
