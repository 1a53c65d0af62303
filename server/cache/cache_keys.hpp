// Redis keys of spec 02 §10.2 and what a write invalidates (§10.3, plus the fixes of §11
// C1–C3: searches, lineage and the superseded contract are invalidated too).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tessera::server {

std::string assetKey(const std::string& assetId);
std::string assetContractsKey(const std::string& assetId);
std::string assetLineageKey(const std::string& assetId);
std::string contractKey(const std::string& contractId);
// tessera:assets:search:{h}: h = first 16 hex digits of SHA-256 of the canonical JSON of
// {"filters": "k=v:k=v" (present filters sorted by key), "q": q}.
std::string assetSearchKey(const std::string& query, const std::optional<std::string>& owner,
                           const std::optional<std::string>& environment);
inline constexpr const char* kAssetSearchPattern = "tessera:assets:search:*";
inline constexpr const char* kAllAssetKeysPattern = "tessera:assets:*";

// What a request's writes make stale, collected while it runs and applied after commit.
struct CacheChange {
    std::vector<std::string> assetIds;    // invalidate_asset(id) and the lineage around it
    std::vector<std::string> lineageIds;  // lineage of these assets only
    std::vector<std::string> contractIds;
    bool allAssetKeys = false;  // team or user names changed: every tessera:assets:* key

    bool empty() const {
        return assetIds.empty() && lineageIds.empty() && contractIds.empty() && !allAssetKeys;
    }
};

}  // namespace tessera::server
