// /static/ and /static/vendor/ (docs/webui.md): files under WEB_STATIC_DIR and WEB_VENDOR_DIR
// only, Content-Type by extension, ETag and 304, Cache-Control, and every way out of the root
// refused (dot segments, encoded slashes, dot files, symlinks pointing outside).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/catch.hpp"
#include "tests/support/rejections.hpp"
#include "tests/support/secured_server.hpp"

using namespace tessera::testing;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// A scratch web root: static/ and vendor/ inside, secret.txt beside them.
struct WebRoot {
    WebRoot() {
        std::string pattern = (fs::temp_directory_path() / "tessera-web-XXXXXX").string();
        root = ::mkdtemp(pattern.data());
        writeFile(root / "static/app.css", "body{color:#123}");
        writeFile(root / "static/api.js", "export const api = 1;\n");
        writeFile(root / "static/pages/dashboard.js", "// dashboard\n");
        writeFile(root / "static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        writeFile(root / "static/.hidden", "not served");
        writeFile(root / "static/blob.bin", std::string("\0\1\2", 3));
        writeFile(root / "vendor/cytoscape/dist/cytoscape.min.js", "/* cytoscape */");
        writeFile(root / "secret.txt", "outside the root");
        fs::create_symlink(root / "secret.txt", root / "static/escape.txt");
        fs::create_symlink(root, root / "static/up");
        fs::create_symlink(root / "static/app.css", root / "static/alias.css");  // stays inside
    }
    ~WebRoot() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
    fs::path root;
};

}  // namespace

TEST_CASE("static files: types, ETag, 304, Cache-Control", "[http][web][static]") {
    WebRoot web;
    SecuredServer secured({{"WEB_STATIC_DIR", (web.root / "static").string()},
                           {"WEB_VENDOR_DIR", (web.root / "vendor").string()}});
    const auto& http = secured.http();

    const std::map<std::string, std::string> types = {
        {"/static/app.css", "text/css; charset=utf-8"},
        {"/static/api.js", "text/javascript; charset=utf-8"},
        {"/static/pages/dashboard.js", "text/javascript; charset=utf-8"},
        {"/static/logo.svg", "image/svg+xml"},
        {"/static/blob.bin", "application/octet-stream"},
        {"/static/alias.css", "text/css; charset=utf-8"},
        {"/static/vendor/cytoscape/dist/cytoscape.min.js", "text/javascript; charset=utf-8"},
    };
    for (const auto& [path, type] : types) {
        INFO(path);
        const HttpResult file = http.get(path);  // no credentials: static files are public
        CHECK(file.status == 200);
        CHECK(file.header("content-type") == type);
        CHECK(file.header("etag").size() > 2);
        CHECK(file.header("etag").front() == '"');
        CHECK(file.header("cache-control") == (path.rfind("/static/vendor/", 0) == 0
                                                   ? "public, max-age=86400"
                                                   : "public, max-age=300"));
    }
    const HttpResult css = http.get("/static/app.css");
    CHECK(css.body == "body{color:#123}");
    CHECK(http.get("/static/blob.bin").body == std::string("\0\1\2", 3));

    const std::string etag = css.header("etag");
    for (const std::string& match : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        INFO(match);
        const HttpResult cached = http.get("/static/app.css", {{"If-None-Match", match}});
        CHECK(cached.status == 304);
        CHECK(cached.body.empty());
        CHECK(cached.header("etag") == etag);
        CHECK(cached.header("cache-control") == "public, max-age=300");
    }
    CHECK(http.get("/static/app.css", {{"If-None-Match", "\"stale\""}}).status == 200);

    // A changed file gets a new ETag.
    writeFile(web.root / "static/app.css", "body{color:#456}");
    const HttpResult changed = http.get("/static/app.css", {{"If-None-Match", etag}});
    CHECK(changed.status == 200);
    CHECK(changed.body == "body{color:#456}");
    CHECK(changed.header("etag") != etag);
}

TEST_CASE("static files: nothing outside the roots, no dot files, no directories",
          "[http][web][static]") {
    WebRoot web;
    SecuredServer secured({{"WEB_STATIC_DIR", (web.root / "static").string()},
                           {"WEB_VENDOR_DIR", (web.root / "vendor").string()}});
    const auto& http = secured.http();
    for (const char* path : {"/static/missing.css", "/static/pages", "/static/pages/",
                             "/static/.hidden", "/static/escape.txt", "/static/up/secret.txt",
                             "/static/%2e%2e/secret.txt", "/static/pages/%2e%2e/%2e%2e/secret.txt",
                             "/static/..%2fsecret.txt", "/static/pages%2f..%2f..%2fsecret.txt",
                             "/static/%2fetc%2fpasswd", "/static/vendor/..%2f..%2fsecret.txt",
                             "/static/vendor/cytoscape", "/static/vendor/%2e%2e/static/app.css"}) {
        INFO(path);
        const HttpResult refused = http.get(path);
        CHECK(refused.status == 404);
        CHECK(refused.body.find("outside the root") == std::string::npos);
        CHECK(refused.body.find("not served") == std::string::npos);
        if (refused.status == 404) CHECK(rejection(refused) == "404 NOT_FOUND");
    }
    // A NUL is refused before any file is looked at, like any path parameter (422).
    CHECK(http.get("/static/app.css%00.js").status == 422);
    // Only GET.
    CHECK(http.post("/static/app.css", "x").status == 405);
}

TEST_CASE("static files: an unset or missing root serves nothing", "[http][web][static]") {
    SecuredServer secured({{"WEB_STATIC_DIR", "/nonexistent/tessera/static"},
                           {"WEB_VENDOR_DIR", "/nonexistent/tessera/vendor"}});
    CHECK(secured.http().get("/static/app.css").status == 404);
    CHECK(secured.http().get("/static/vendor/cytoscape/dist/cytoscape.min.js").status == 404);
}
