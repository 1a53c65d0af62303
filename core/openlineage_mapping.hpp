// How an OpenLineage dataset becomes a Tessera asset (issue 20, docs/openlineage.md): its FQN
// from namespace and name, and the metadata the ingest merges into the asset.
#pragma once

#include <string>
#include <string_view>

#include "core/openlineage_event.hpp"

namespace tessera::core {

// `<namespace>.<name>` made a valid FQN: every character but ASCII letters, digits, `_` and
// `.` (a UTF-8 sequence counts as one) becomes `_`, empty segments are dropped and a segment
// starting with a digit gets a leading `_`. E.g. (`postgres://db:5432`, `shop.public.orders`)
// → `postgres___db_5432.shop.public.orders`. Empty when fewer than two segments remain.
std::string openLineageFqn(std::string_view ns, std::string_view name);

// What the dataset's facets say, as the object merged into the asset's metadata (top-level
// keys replaced): `openlineage` {namespace, name} always; `columns` from the schema facet in
// the dbt sync's shape ({column: {description, data_type}}), `description` from documentation,
// `owners` [{name, type}] from ownership — each only when its facet was sent.
std::string openLineageMetadata(const OpenLineageDataset& dataset);

}  // namespace tessera::core
