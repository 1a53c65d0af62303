// Git sync (spec 04 §4.2–§4.3): the catalogue written to, and read back from, the YAML files
// of the server-local GIT_SYNC_PATH directory (layout in core/git_sync_files.hpp).
#pragma once

#include <cstddef>
#include <filesystem>

namespace tessera::server {
class RequestContext;
}

namespace tessera::server::services {

struct SyncCounts {
    size_t teams = 0;
    size_t assets = 0;
    size_t contracts = 0;
};

// Writes every team and asset file (04 §4.2), creating the folders; reads only. A directory
// that cannot be written is 400.
SyncCounts pushToDirectory(RequestContext& context, const std::filesystem::path& root);

// Reads teams/*.yaml then assets/*.yaml and upserts them by id in the request's transaction
// (04 §4.3), stricter than the original: every file is read and checked (fields, references,
// unique names, FQNs and versions) before anything is written, and the first bad one fails the
// request with 422 (400 for YAML syntax) naming the file and the key (details.file,
// details.path, details.line). Counts are the records the files hold. No audit events or
// webhooks; the index and the cache learn of the rows that changed.
SyncCounts pullFromDirectory(RequestContext& context, const std::filesystem::path& root);

}  // namespace tessera::server::services
