// GET /docs (issue 18 item 3), without a browser: the Swagger UI page, every file it loads
// (served from swagger-ui-dist where scripts/lib.sh installed it, with Content-Type and
// caching), nothing outside that folder, and a 503 envelope when the files are missing.
#include <regex>
#include <string>
#include <vector>

#include "tests/support/catch.hpp"
#include "tests/support/json_access.hpp"
#include "tests/support/test_server.hpp"

using namespace tessera::testing;

namespace {

// The /docs/… files the page loads (<script src>, <link href>).
std::vector<std::string> referencedFiles(const std::string& html) {
    static const std::regex reference(R"re((?:src|href)="(/docs/[^"]+)")re");
    std::vector<std::string> files;
    for (std::sregex_iterator it(html.begin(), html.end(), reference), end; it != end; ++it) {
        files.push_back((*it)[1].str());
    }
    return files;
}

}  // namespace

TEST_CASE("/docs serves Swagger UI and every file it loads", "[http][docs]") {
    const auto& http = sharedServer().client();
    auto page = http.get("/docs");
    REQUIRE(page.status == 200);
    CHECK(page.header("content-type") == "text/html; charset=utf-8");
    CHECK(page.body.find("<div id=\"swagger-ui\">") != std::string::npos);
    // Offline: nothing from another host.
    CHECK(page.body.find("http://") == std::string::npos);
    CHECK(page.body.find("https://") == std::string::npos);

    const auto files = referencedFiles(page.body);
    CHECK(files.size() == 5);  // the stylesheet, the icon, three scripts
    for (const auto& file : files) {
        INFO(file);
        auto asset = http.get(file);
        CHECK(asset.status == 200);
        CHECK_FALSE(asset.body.empty());
        const std::string type = asset.header("content-type");
        if (file.size() > 3 && file.compare(file.size() - 3, 3, ".js") == 0) {
            CHECK(type == "application/javascript; charset=utf-8");
        } else if (file.size() > 4 && file.compare(file.size() - 4, 4, ".css") == 0) {
            CHECK(type == "text/css; charset=utf-8");
        } else {
            CHECK(type == "image/png");
        }
        CHECK(asset.header("cache-control") == "public, max-age=3600");
        const std::string etag = asset.header("etag");
        REQUIRE_FALSE(etag.empty());
        auto revalidated = http.get(file, {{"If-None-Match", etag}});
        CHECK(revalidated.status == 304);
        CHECK(revalidated.body.empty());
    }
    // Our start script points Swagger UI at this server's document, with no validator badge
    // (which would call out to validator.swagger.io).
    const std::string start = http.get("/docs/tessera-docs.js").body;
    CHECK(start.find("url: \"/openapi.json\"") != std::string::npos);
    CHECK(start.find("validatorUrl: null") != std::string::npos);
    CHECK(http.get("/docs/swagger-ui-bundle.js").body.find("SwaggerUIBundle") != std::string::npos);
}

TEST_CASE("/docs serves nothing outside swagger-ui-dist", "[http][docs]") {
    const auto& http = sharedServer().client();
    for (const char* path : {"/docs/..%2Fpackage.json", "/docs/package.json", "/docs/.hidden.js",
                             "/docs/nothing.js", "/docs/index.html", "/docs/%2Fetc%2Fpasswd"}) {
        INFO(path);
        auto response = http.get(path);
        CHECK(response.status == 404);
        CHECK(errorCode(response.json()) == "NOT_FOUND");
    }
    CHECK(http.post("/docs", "{}").status == 405);
    CHECK(http.del("/docs/swagger-ui.css").status == 405);
}

TEST_CASE("/docs without its assets is a 503 envelope, not a crash", "[http][docs]") {
    TestServer server(Env{{"DOCS_ASSETS_DIR", "/nonexistent/swagger-ui-dist"}});
    const auto& http = server.client();
    for (const char* path : {"/docs", "/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js"}) {
        INFO(path);
        auto response = http.get(path);
        CHECK(response.status == 503);
        const auto body = response.json();
        CHECK(errorCode(body) == "DOCS_UNAVAILABLE");
        CHECK(errorMessage(body).find("npm ci") != std::string::npos);
        CHECK(str(body["error"], "request_id") == response.header("x-request-id"));
    }
    CHECK(http.get("/openapi.json").status == 200);  // the document needs no assets
    CHECK(http.get("/health").status == 200);
}
