// Route documentation: the web UI (spec 04 §5) — the login flow, the page shells and their
// static files. HTML, not JSON: the pages answer a missing session with 302 /login themselves.
#include "core/error_codes.hpp"
#include "server/handlers/route_docs.hpp"

namespace tessera::server {
namespace {

using namespace doc;
namespace code = core::code;
namespace status = core::status;

ResponseDoc html(int statusCode, std::string description) {
    return {statusCode, std::move(description), R"({"type":"string"})", {}, "text/html"};
}

ResponseDoc redirect(std::string description) {
    return {status::kFound, std::move(description), "", {}};
}

RouteDoc page(std::string summary, bool withId) {
    RouteDoc doc{.tag = "Web UI", .summary = std::move(summary)};
    doc.description = "A page shell for a browser session (cookie `session`).";
    doc.responses = {html(status::kOk, "The page"),
                     redirect("No session: to /login (a non-admin on an admin page: to /)")};
    if (withId) doc.responses.push_back(html(status::kNotFound, "No such entity"));
    return doc;
}

RouteDoc staticFiles(std::string summary) {
    RouteDoc doc{.tag = "Web UI", .summary = std::move(summary)};
    doc.path = {text("path", "The file, below the folder (may contain /)")};
    doc.responses = {{status::kOk,
                      "The file (its own Content-Type)",
                      R"({"type":"string"})",
                      {},
                      "application/octet-stream"},
                     {status::kNotModified, "Not Modified", "", {}},
                     error(status::kNotFound, {code::kNotFound}, "No such file")};
    return doc;
}

}  // namespace

RouteDocs webRouteDocs() {
    RouteDoc login{.tag = "Web UI", .summary = "The login form"};
    login.responses = {html(status::kOk, "The form"), redirect("Already signed in: to /")};
    RouteDoc postLogin{.tag = "Web UI", .summary = "Sign in (form: email, password, csrf_token)"};
    postLogin.responses = {
        redirect("To / with a session cookie, or to /login?error=invalid"),
        html(status::kForbidden, "The login form's CSRF token is missing"),
        html(status::kTooManyRequests, "Too many attempts"),
        {status::kUnprocessableEntity, "email or password missing", "", {code::kValidationError}}};
    RouteDoc logout{.tag = "Web UI", .summary = "Sign out"};
    logout.responses = {redirect("To /login; the session ends")};
    return {
        {"GET /login", login},
        {"POST /login", postLogin},
        {"GET /logout", logout},
        {"GET /", page("Dashboard", false)},
        {"GET /users", page("Users", false)},
        {"GET /users/{id}", page("A user", true)},
        {"GET /teams", page("Teams", false)},
        {"GET /teams/{id}", page("A team", true)},
        {"GET /assets", page("Assets", false)},
        {"GET /assets/{id}", page("An asset and its lineage", true)},
        {"GET /contracts", page("Contracts", false)},
        {"GET /contracts/{id}", page("A contract", true)},
        {"GET /proposals", page("Proposals", false)},
        {"GET /proposals/{id}", page("A proposal", true)},
        {"GET /import", page("Import", false)},
        {"GET /settings", page("Settings", false)},
        {"GET /admin/audit", page("The audit log (admins)", false)},
        {"GET /static/{path...}", staticFiles("The web UI's stylesheet, scripts and images")},
        {"GET /static/vendor/{path...}", staticFiles("The installed graph library")},
    };
}

}  // namespace tessera::server
