// Reading a dbt manifest.json (spec 04 §4.4, issue 15): the nodes that become assets (models,
// seeds, snapshots, then every source), their FQNs, the JSON Schema their columns describe, the
// guarantees their dbt tests imply, the `meta.tessera` hints, and — beyond the original — the
// lineage edges their `depends_on` lists. Pure logic over the parsed document, for every
// manifest schema from v4 to v12: whatever carries no assets (exposures, metrics, semantic
// models, unit tests, …) is ignored, never an error.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::core {

// A manifest shape the rules cannot read; `path` names the offending key or node
// ("nodes", "nodes.model.shop.orders.resource_type", …) for the 422 the sync routes answer.
class DbtManifestError : public std::runtime_error {
  public:
    DbtManifestError(std::string path, const std::string& message)
        : std::runtime_error(message), path_(std::move(path)) {}
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// node.meta.tessera (04 §4.4): absent keys stay empty.
struct DbtTesseraMeta {
    std::optional<std::string> ownerTeam;    // a team name
    std::optional<std::string> ownerUser;    // a user email
    std::vector<std::string> consumerTeams;  // the `team` of each consumer that names one
    size_t consumersDeclared = 0;            // the length of the consumers list
    std::optional<std::string> freshnessJson;
    std::optional<std::string> volumeJson;
    std::optional<std::string> compatibilityMode;
    std::optional<std::string> consumersJson;  // the consumers list as given, when non-empty
};

struct DbtAsset {
    std::string uniqueId;      // e.g. model.jaffle_shop.orders
    std::string resourceType;  // model, seed, snapshot, source
    std::string fqn;           // lower(database.schema.name)
    std::string schemaJson;    // {"type":"object","properties":{…},"required":[]}
    std::optional<std::string> guaranteesJson;  // from the node's dbt tests; none without
    size_t columnCount = 0;                     // entries of node.columns
    // What the sync routes keep in the asset's metadata (04 §4.5, §4.6 step 4).
    std::string description;         // "" when absent
    std::string tagsJson = "[]";     // node.tags
    std::string dbtFqnJson = "[]";   // node.fqn
    std::string path;                // node.path
    std::string columnsJson = "{}";  // {name: {"description": "", "data_type": raw or null}}
    DbtTesseraMeta tessera;
    // A source declared over the table of an earlier entry (same FQN): that entry's id. Both
    // are the one asset with that FQN.
    std::optional<std::string> sameTableAs;
    // The selected nodes and sources this one is built from: each once, in depends_on order.
    std::vector<std::string> parents;
};

struct DbtManifest {
    std::vector<DbtAsset> assets;    // models, seeds and snapshots in manifest order, then sources
    size_t guaranteesExtracted = 0;  // assets whose test-derived guarantees are not null
};

// Throws DbtManifestError when the manifest is not an object, `nodes` or `sources` is not an
// object, a node has no string `resource_type`, a `depends_on` names an id the manifest does
// not have, or two seeds/models/snapshots share an FQN (a source may share one: sameTableAs).
DbtManifest readDbtManifest(const rapidjson::Value& manifest);

// The JSON Schema type of a column's data_type (04 §4.4 table; unknown types are "string").
std::string_view jsonTypeForDbtType(std::string_view dataType);

}  // namespace tessera::core
