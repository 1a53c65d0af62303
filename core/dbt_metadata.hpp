// What the dbt sync routes store for a manifest entry (spec 04 §4.5, §4.6): the asset metadata
// of each route and the guarantees an upload keeps (test-derived, plus meta freshness/volume).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dbt_manifest.hpp"

namespace tessera::core {

// POST /sync/dbt (04 §4.5 step 2): dbt_node_id (dbt_source_id), resource_type, description,
// tags (models, seeds, snapshots only), columns, and the test-derived guarantees when any.
std::string dbtSyncMetadata(const DbtAsset& asset);

// POST /sync/dbt/upload (04 §4.6 step 4 and 3): the sync metadata plus dbt_fqn, path and the
// FQNs of its parents for models, seeds and snapshots; `guarantees` when not null and
// tessera_consumers when the meta lists any.
std::string dbtUploadMetadata(const DbtAsset& asset, const std::vector<std::string>& parentFqns,
                              const std::optional<std::string>& guarantees);

// The test-derived guarantees with meta.tessera's freshness and volume added (04 §4.4, last
// rule); null when there are none of either.
std::optional<std::string> dbtUploadGuarantees(const DbtAsset& asset);

}  // namespace tessera::core
