#include "server/handlers/api_docs.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "server/http/entity_tags.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"

namespace tessera::server {
namespace {

namespace fs = std::filesystem;

// The page: Swagger UI's own files, then ours (tessera-docs.js) to start it.
constexpr std::string_view kPage = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tessera API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/tessera-docs.js"></script>
</body>
</html>
)html";

// No validator badge: it would call validator.swagger.io, and the docs must work offline.
constexpr std::string_view kStartScript = R"js(window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
    persistAuthorization: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout"
  });
});
)js";
constexpr std::string_view kStartScriptName = "tessera-docs.js";

// Served from swagger-ui-dist: these extensions only, as their types.
const char* contentTypeOf(const std::string& name) {
    const auto dot = name.rfind('.');
    const std::string extension = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (extension == "js") return "application/javascript; charset=utf-8";
    if (extension == "css") return "text/css; charset=utf-8";
    if (extension == "png") return "image/png";
    if (extension == "map") return "application/json";
    return nullptr;
}

// A plain file name: no separators, no leading dot (so no `..`, no hidden files).
bool isPlainName(const std::string& name) {
    if (name.empty() || name.front() == '.') return false;
    for (const char c : name) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!plain) return false;
    }
    return true;
}

core::ApiError docsUnavailable(const Config& config) {
    return core::ApiError(
        core::status::kServiceUnavailable, core::code::kDocsUnavailable,
        "API docs assets are not installed (DOCS_ASSETS_DIR=" + config.docsAssetsDir +
            "); run `npm ci` in web/docs (scripts/run.sh does)");
}

bool assetsInstalled(const Config& config) {
    std::error_code ignored;
    return fs::is_regular_file(fs::path(config.docsAssetsDir) / kSwaggerBundleFile, ignored);
}

// Revalidated with the ETag; the files change only when web/docs is reinstalled.
HttpResponse cacheable(const HttpRequest& request, HttpResponse response, const std::string& etag) {
    response.setHeader("Cache-Control", "public, max-age=3600");
    response.setHeader("ETag", etag);
    if (ifNoneMatchHits(request, etag)) {
        HttpResponse notModified = emptyResponse(core::status::kNotModified);
        notModified.headers = response.headers;
        return notModified;
    }
    return response;
}

HttpResponse textResponse(std::string_view body, const char* contentType) {
    HttpResponse response;
    response.contentType = contentType;
    response.body = std::string(body);
    return response;
}

}  // namespace

HttpResponse getApiDocs(RequestContext& context) {
    if (!assetsInstalled(context.config())) throw docsUnavailable(context.config());
    HttpResponse page = textResponse(kPage, "text/html; charset=utf-8");
    page.setHeader("Cache-Control", "no-cache");
    return page;
}

HttpResponse getApiDocsAsset(RequestContext& context) {
    const Config& config = context.config();
    const std::string name = context.pathParams.at("asset");
    if (name == kStartScriptName) {
        return cacheable(context.request,
                         textResponse(kStartScript, "application/javascript; charset=utf-8"),
                         "\"tessera-docs-" + std::to_string(kStartScript.size()) + "\"");
    }
    const char* contentType = contentTypeOf(name);
    if (!isPlainName(name) || !contentType) {
        throw core::notFound(core::code::kNotFound, "Not Found");
    }
    if (!assetsInstalled(config)) throw docsUnavailable(config);

    const fs::path file = fs::path(config.docsAssetsDir) / name;
    std::error_code error;
    const auto size = fs::file_size(file, error);
    if (error) throw core::notFound(core::code::kNotFound, "Not Found");
    const auto modified = fs::last_write_time(file, error);
    std::ifstream in(file, std::ios::binary);
    if (error || !in) throw core::notFound(core::code::kNotFound, "Not Found");
    HttpResponse response;
    response.contentType = contentType;
    response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const std::string etag = "\"" + std::to_string(size) + "-" +
                             std::to_string(modified.time_since_epoch().count()) + "\"";
    return cacheable(context.request, std::move(response), etag);
}

}  // namespace tessera::server
