#include "server/handlers/git_sync.hpp"

#include <filesystem>

#include "core/errors.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "server/services/git_sync.hpp"

namespace tessera::server {
namespace {

const std::string& syncPath(const RequestContext& context) {
    const std::string& path = context.config().gitSyncPath;
    if (path.empty()) {
        throw core::badRequest(
            core::code::kBadRequest,
            "GIT_SYNC_PATH not configured. Set the GIT_SYNC_PATH environment variable.");
    }
    return path;
}

HttpResponse render(const std::string& path, const char* countsKey,
                    const services::SyncCounts& counts) {
    return jsonResponseWith(core::status::kOk, [&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("status");
        w.String("success");
        w.Key("path");
        core::writeString(w, path);
        w.Key(countsKey);
        w.StartObject();
        w.Key("teams");
        w.Uint64(counts.teams);
        w.Key("assets");
        w.Uint64(counts.assets);
        w.Key("contracts");
        w.Uint64(counts.contracts);
        w.EndObject();
        w.EndObject();
    });
}

}  // namespace

HttpResponse pushSync(RequestContext& context) {
    const std::string& path = syncPath(context);
    return render(path, "exported", services::pushToDirectory(context, path));
}

HttpResponse pullSync(RequestContext& context) {
    const std::string& path = syncPath(context);
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
        throw core::notFound(core::code::kSyncPathNotFound, "Sync path not found: " + path);
    }
    return render(path, "imported", services::pullFromDirectory(context, path));
}

}  // namespace tessera::server
