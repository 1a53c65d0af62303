#include "server/web/pages.hpp"

#include <filesystem>

#include "core/error_codes.hpp"
#include "core/uuid.hpp"
#include "server/http/request_context.hpp"
#include "server/middleware/browser_session.hpp"
#include "server/web/page_shell.hpp"

namespace tessera::server::web {
namespace {

// Cytoscape always (docs/webui.md); a layered layout's scripts when npm installed them.
constexpr const char* kGraphLibrary = "cytoscape/dist/cytoscape.min.js";
constexpr const char* kOptionalLayoutScripts[] = {"dagre/dist/dagre.min.js",
                                                  "cytoscape-dagre/cytoscape-dagre.js"};

std::vector<std::string> graphScripts(const Config& config) {
    std::vector<std::string> scripts = {kGraphLibrary};
    for (const char* path : kOptionalLayoutScripts) {
        std::error_code error;
        if (std::filesystem::is_regular_file(std::filesystem::path(config.webVendorDir) / path,
                                             error)) {
            scripts.emplace_back(path);
        }
    }
    return scripts;
}

HttpResponse notFoundPage() {
    return htmlResponse(core::status::kNotFound,
                        renderMessagePage("Not found", "There is nothing at this address."));
}

}  // namespace

Handler pageHandler(PageSpec spec) {
    return [spec](RequestContext& context) -> HttpResponse {
        auto session = findBrowserSession(context.request, context.db, context.config());
        if (!session) return redirectTo("/login");
        const store::SessionUser& user = session->user;
        if (spec.adminOnly && user.role != "admin") return redirectTo("/");

        PageShell shell;
        shell.page = spec.page;
        shell.title = spec.title;
        if (spec.subject) {
            const std::string& raw = context.pathParams.at("id");
            const auto id = core::parseUuid(raw);
            if (!id) return notFoundPage();
            const auto name = store::pageSubjectName(context.db, *spec.subject, *id);
            if (!name) return notFoundPage();
            shell.id = *id;
            shell.title += " " + *name;
        }
        shell.csrfToken = session->csrfToken;
        shell.user = {user.userId, user.name, user.role, user.teamId.value_or("")};
        shell.slack = !context.config().slackWebhookUrl.empty();
        if (spec.drawsGraph) shell.vendorScripts = graphScripts(context.config());
        return htmlResponse(core::status::kOk, renderPageShell(shell));
    };
}

}  // namespace tessera::server::web
