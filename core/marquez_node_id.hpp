// Marquez's lineage node ids (issue 20, docs/openlineage.md "Lineage graph"): `dataset:<namespace>:
// <name>` and `job:<namespace>:<name>`, as GET /api/v1/lineage takes and answers them, and the
// dataset an asset stands for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace tessera::core {

enum class LineageNodeKind { kDataset, kJob };

// An OpenLineage (namespace, name) pair: a dataset's or a job's.
struct LineageName {
    std::string ns;
    std::string name;
    auto operator<=>(const LineageName&) const = default;
};

struct LineageNodeId {
    LineageNodeKind kind = LineageNodeKind::kDataset;
    LineageName name;
};

// The colon that ends the namespace is the only one after the prefix or, as namespaces are
// often URIs (`postgres://db:5432`), the first one followed neither by `//` nor by a digit (as
// Marquez reads its ids); the name is everything after it. nullopt for another prefix, no such
// colon, or an empty namespace or name.
std::optional<LineageNodeId> parseLineageNodeId(std::string_view text);

// "dataset:<ns>:<name>" / "job:<ns>:<name>".
std::string lineageNodeId(LineageNodeKind kind, const LineageName& name);

// The dataset an asset stands for: its `metadata.openlineage` {namespace, name} when the ingest
// wrote one (both non-empty strings), else its FQN read back through the FQN rule — the first
// segment the namespace, the rest the name (`warehouse.core.orders` → `warehouse`,
// `core.orders`).
// `openlineage`: that metadata member, or null.
LineageName datasetNameOfAsset(std::string_view fqn, const rapidjson::Value* openlineage);

}  // namespace tessera::core
