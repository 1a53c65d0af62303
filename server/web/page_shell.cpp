#include "server/web/page_shell.hpp"

#include "core/error_codes.hpp"
#include "server/web/html_text.hpp"

namespace tessera::server::web {
namespace {

struct NavItem {
    const char* href;
    const char* label;
    const char* page;  // the data-page it is the nav item of
};

// Spec 04 §5.3 "Nav", in its order; the audit log only for admins.
constexpr NavItem kNav[] = {
    {"/", "Dashboard", "dashboard"},
    {"/users", "Users", "users"},
    {"/teams", "Teams", "teams"},
    {"/assets", "Assets", "assets"},
    {"/contracts", "Contracts", "contracts"},
    {"/proposals", "Proposals", "proposals"},
    {"/import", "Import", "import"},
};
constexpr NavItem kAuditNav = {"/admin/audit", "Audit Log", "audit"};

// A detail page belongs to its list's nav item (user → users, …).
bool isCurrent(const NavItem& item, const std::string& page) {
    const std::string navPage = item.page;
    return page == navPage || page + "s" == navPage;
}

std::string navLink(const NavItem& item, const std::string& page) {
    std::string link = std::string("<a href=\"") + item.href + "\"";
    if (isCurrent(item, page)) link += " aria-current=\"page\"";
    return link + ">" + item.label + "</a>";
}

std::string documentHead(std::string_view title, std::string_view csrfToken) {
    std::string head =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>Tessera – " +
        escapeHtml(title) + "</title>";
    if (!csrfToken.empty()) {
        head += "<meta name=\"csrf-token\" content=\"" + escapeHtml(csrfToken) + "\">";
    }
    return head +
           "<link rel=\"icon\" href=\"/static/logo.svg\">"
           "<link rel=\"stylesheet\" href=\"/static/app.css\"></head>";
}

std::string script(std::string_view src) {
    return "<script src=\"" + escapeHtml(src) + "\"></script>";
}

}  // namespace

std::string renderPageShell(const PageShell& shell) {
    const ShellUser& user = shell.user;
    std::string html = documentHead(shell.title, shell.csrfToken);
    html += "<body data-page=\"" + escapeHtml(shell.page) + "\" data-id=\"" + escapeHtml(shell.id) +
            "\" data-user-id=\"" + escapeHtml(user.id) + "\" data-user-role=\"" +
            escapeHtml(user.role) + "\" data-team-id=\"" + escapeHtml(user.teamId) +
            "\" data-slack=\"" + (shell.slack ? "true" : "false") + "\">";
    html +=
        "<header><a class=\"logo\" href=\"/\"><img src=\"/static/logo.svg\" alt=\"\">"
        "<span>Tessera</span></a>"
        "<span class=\"user\"><span class=\"user-name\">" +
        escapeHtml(user.name) + "</span> <span class=\"role-badge role-" + escapeHtml(user.role) +
        "\">" + escapeHtml(user.role) +
        "</span></span> <a href=\"/settings\">Settings</a> <a href=\"/logout\">Logout</a>"
        "</header>";
    html += "<nav>";
    for (const NavItem& item : kNav) html += navLink(item, shell.page);
    if (user.role == "admin") html += navLink(kAuditNav, shell.page);
    html += "</nav><main id=\"content\"></main>";
    for (const std::string& path : shell.vendorScripts) html += script("/static/vendor/" + path);
    html += script("/static/api.js") + script("/static/pages/" + shell.page + ".js");
    return html + "</body></html>";
}

std::string renderLoginPage(std::string_view csrfToken, bool showError) {
    std::string html = documentHead("Log in", "");
    html +=
        "<body data-page=\"login\"><main class=\"login\">"
        "<h1><img src=\"/static/logo.svg\" alt=\"\"> Tessera</h1>";
    if (showError) html += "<p class=\"error\" role=\"alert\">Invalid email or password</p>";
    html +=
        "<form method=\"post\" action=\"/login\">"
        "<input type=\"hidden\" name=\"csrf_token\" value=\"" +
        escapeHtml(csrfToken) +
        "\">"
        "<label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" "
        "required autofocus></label>"
        "<label>Password <input type=\"password\" name=\"password\" "
        "autocomplete=\"current-password\" required></label>"
        "<button type=\"submit\">Log in</button></form></main></body></html>";
    return html;
}

std::string renderMessagePage(std::string_view title, std::string_view message) {
    return documentHead(title, "") + "<body data-page=\"message\"><main class=\"message\"><h1>" +
           escapeHtml(title) + "</h1><p>" + escapeHtml(message) +
           "</p><p><a href=\"/\">Back to Tessera</a></p></main></body></html>";
}

HttpResponse htmlResponse(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = std::move(body);
    response.setHeader("Cache-Control", "no-store");
    // Scripts and styles from this server only (inline styles allowed: the graph library sets
    // element styles); no frames, no plug-ins, forms post only here.
    response.setHeader("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data:; style-src 'self' "
                       "'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                       "frame-ancestors 'none'");
    return response;
}

HttpResponse redirectTo(std::string location) {
    HttpResponse response;
    response.status = core::status::kFound;
    response.contentType.clear();
    response.setHeader("Location", std::move(location));
    response.setHeader("Cache-Control", "no-store");
    return response;
}

}  // namespace tessera::server::web
