#include "server/web/static_files.hpp"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"

namespace tessera::server::web {
namespace {

constexpr const char* kStaticCaching = "public, max-age=300";
constexpr const char* kVendorCaching = "public, max-age=86400";
// Nothing the UI ships comes near this; a larger file is not ours to serve.
constexpr off_t kMaxFileBytes = 32 * 1024 * 1024;

struct MediaType {
    const char* extension;
    const char* type;
};

constexpr MediaType kMediaTypes[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".html", "text/html; charset=utf-8"},
};

const char* mediaTypeOf(const std::string& path) {
    for (const MediaType& media : kMediaTypes) {
        const std::string extension = media.extension;
        if (path.size() > extension.size() &&
            path.compare(path.size() - extension.size(), extension.size(), extension) == 0) {
            return media.type;
        }
    }
    return "application/octet-stream";
}

core::ApiError notFound() {
    return core::ApiError(core::status::kNotFound, core::code::kNotFound, "Not Found");
}

// Every segment a plain name: not empty, not `.`/`..` or any dot file, no backslash or NUL.
bool isPlainRelativePath(const std::string& path) {
    size_t start = 0;
    while (true) {
        const size_t slash = path.find('/', start);
        const std::string segment = path.substr(start, slash - start);
        if (segment.empty() || segment.front() == '.' ||
            segment.find_first_of(std::string("\\\0", 2)) != std::string::npos) {
            return false;
        }
        if (slash == std::string::npos) return true;
        start = slash + 1;
    }
}

std::optional<std::string> realPath(const std::string& path) {
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved)) return std::nullopt;
    return std::string(resolved);
}

// ETag values of an If-None-Match header: `*` or a comma-separated list, weak ones compared
// weakly (RFC 9110 §13.1.2).
bool matchesIfNoneMatch(const std::optional<std::string>& header, const std::string& etag) {
    if (!header) return false;
    std::stringstream list(*header);
    for (std::string item; std::getline(list, item, ',');) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (item.rfind("W/", 0) == 0) item = item.substr(2);
        if (item == "*" || item == etag) return true;
    }
    return false;
}

HttpResponse serveFrom(RequestContext& context, const std::string& rootDir, const char* caching) {
    const std::string& relative = context.pathParams.at("path");
    if (!isPlainRelativePath(relative)) throw notFound();
    const auto root = realPath(rootDir);
    const auto file = realPath(rootDir + "/" + relative);
    // Resolved, the file must still lie inside the resolved root (a symlink may point out).
    if (!root || !file || file->compare(0, root->size() + 1, *root + "/") != 0) throw notFound();
    struct stat info {};
    if (::stat(file->c_str(), &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_size > kMaxFileBytes) {
        throw notFound();
    }
    const long long mtimeNanos =
        static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
    std::stringstream etag;
    etag << '"' << std::hex << info.st_size << '-' << mtimeNanos << '"';

    HttpResponse response;
    if (matchesIfNoneMatch(context.request.header("if-none-match"), etag.str())) {
        response = emptyResponse(core::status::kNotModified);
    } else {
        std::ifstream in(*file, std::ios::binary);
        std::stringstream content;
        content << in.rdbuf();
        if (!in) throw notFound();  // vanished or unreadable since the stat
        response.contentType = mediaTypeOf(relative);
        response.body = content.str();
    }
    response.setHeader("ETag", etag.str());
    response.setHeader("Cache-Control", caching);
    return response;
}

}  // namespace

HttpResponse getStaticFile(RequestContext& context) {
    return serveFrom(context, context.config().webStaticDir, kStaticCaching);
}

HttpResponse getVendorFile(RequestContext& context) {
    return serveFrom(context, context.config().webVendorDir, kVendorCaching);
}

}  // namespace tessera::server::web
