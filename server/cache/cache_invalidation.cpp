#include "server/cache/cache_invalidation.hpp"

#include <set>

namespace tessera::server {
namespace {

void addNeighbourLineage(const graph::DependencyIndex& index, const std::string& assetId,
                         std::set<std::string>& keys) {
    const auto id = graph::Uuid::parse(assetId);
    if (!id) return;
    for (auto direction :
         {&graph::DependencyIndex::downstream, &graph::DependencyIndex::upstream}) {
        if (const auto neighbours = (index.*direction)(*id, 1)) {
            for (const auto& neighbour : neighbours->assets) {
                keys.insert(assetLineageKey(neighbour.id.toString()));
            }
        }
    }
}

}  // namespace

InvalidationPlan planInvalidation(const CacheChange& change, const graph::DependencyIndex* index) {
    std::set<std::string> keys;  // sorted and unique
    for (const auto& assetId : change.assetIds) {
        // invalidate_asset (02 §10.3), and its lineage.
        keys.insert(assetKey(assetId));
        keys.insert(assetContractsKey(assetId));
        keys.insert(assetLineageKey(assetId));
        if (index) addNeighbourLineage(*index, assetId, keys);
    }
    for (const auto& assetId : change.lineageIds) {
        if (!assetId.empty()) keys.insert(assetLineageKey(assetId));
    }
    for (const auto& contractId : change.contractIds) keys.insert(contractKey(contractId));

    InvalidationPlan plan;
    if (change.allAssetKeys) {
        plan.patterns.push_back(kAllAssetKeysPattern);  // searches included
    } else if (!change.assetIds.empty()) {
        plan.patterns.push_back(kAssetSearchPattern);
    }
    plan.keys.assign(keys.begin(), keys.end());
    return plan;
}

}  // namespace tessera::server
