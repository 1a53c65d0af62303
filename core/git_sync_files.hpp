// The files of the git sync directory (spec 04 §4.1): one YAML file per team and per asset,
// written by POST /sync/push and read by POST /sync/pull. Through yaml-cpp both ways; the
// layout (key order, 2-space maps, sequences under a key not indented, `{}` / `[]` / `null`,
// strings quoted when a YAML 1.1 loader would read them as something else) is the original's.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema_validator.hpp"

namespace tessera::core {

// JSON members (metadata, schema, guarantees) are JSON text: compact, keys in stored order.
struct SyncTeam {
    std::string id;
    std::string name;
    std::string metadataJson = "{}";
};
struct SyncRegistration {
    std::string id;
    std::string consumerTeamId;
    std::optional<std::string> pinnedVersion;
    std::string status;
};
struct SyncContract {
    std::string id;
    std::string version;
    std::string schemaJson;
    std::string compatibilityMode;
    std::optional<std::string> guaranteesJson;
    std::string status;
    std::vector<SyncRegistration> registrations;
};
struct SyncAsset {
    std::string id;
    std::string fqn;
    std::string ownerTeamId;
    std::string metadataJson = "{}";
    std::vector<SyncContract> contracts;
};

// "teams/<name>.yaml" and "assets/<escaped fqn>.yaml" (fqn with "/"→"__", then "."→"_"),
// relative to the sync directory. A '/' in a team name becomes "__" too, so every file stays in
// its folder; a name longer than a file system allows keeps its first 200 bytes and gains a
// hash of the whole name.
std::string teamFilePath(const std::string& name);
std::string assetFilePath(const std::string& fqn);

std::string teamFileText(const SyncTeam& team);
std::string assetFileText(const SyncAsset& asset);

// A file that cannot be read as its record: YAML syntax, a missing key, a wrong type, a bad
// value. `path()` names the key ("contracts[0].version"; "" for the document itself), `line()`
// its 1-based line when known (0 otherwise).
class SyncFileError : public std::runtime_error {
  public:
    SyncFileError(std::string path, const std::string& message, int line = 0, bool syntax = false)
        : std::runtime_error(message), path_(std::move(path)), line_(line), syntax_(syntax) {}
    const std::string& path() const { return path_; }
    int line() const { return line_; }
    bool isSyntaxError() const { return syntax_; }

  private:
    std::string path_;
    int line_;
    bool syntax_;
};

// The field rules of the API's own updates, applied to what a file holds (the stricter rules
// of a create, for team names and FQNs, need to know whether the row exists: the pull checks
// them).
struct SyncFileLimits {
    size_t maxTeamNameLength = 255;
    size_t maxFqnLength = 1000;
    SchemaLimits schema;
    int maxDepth = 128;  // nesting of metadata, schema and guarantees
};

// Any valid YAML with the layout's structure: block or flow style, either sequence indent,
// quoted or plain scalars, anchors. Throws SyncFileError.
SyncTeam readTeamFile(std::string_view text, const SyncFileLimits& limits);
SyncAsset readAssetFile(std::string_view text, const SyncFileLimits& limits);

}  // namespace tessera::core
