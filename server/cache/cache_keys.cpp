#include "server/cache/cache_keys.hpp"

#include <openssl/sha.h>

#include <map>

#include "core/hex.hpp"
#include "core/python_repr.hpp"

namespace tessera::server {

std::string assetKey(const std::string& assetId) {
    return "tessera:assets:" + assetId;
}

std::string assetContractsKey(const std::string& assetId) {
    return "tessera:assets:contracts:" + assetId;
}

std::string assetLineageKey(const std::string& assetId) {
    return "tessera:assets:lineage:" + assetId;
}

std::string contractKey(const std::string& contractId) {
    return "tessera:contracts:" + contractId;
}

std::string assetSearchKey(const std::string& query, const std::optional<std::string>& owner,
                           const std::optional<std::string>& environment) {
    std::map<std::string, std::string> present;  // sorted by key
    if (environment) present["environment"] = *environment;
    if (owner) present["owner"] = *owner;
    std::string filters;
    for (const auto& [key, value] : present) {
        if (!filters.empty()) filters += ":";
        filters += key + "=" + value;
    }
    // Canonical JSON: sorted keys, Python's default separators, ASCII only.
    const std::string canonical = "{\"filters\": " + core::pythonJsonQuote(filters) +
                                  ", \"q\": " + core::pythonJsonQuote(query) + "}";
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest);
    return "tessera:assets:search:" + core::hexEncode(digest, 8);  // 16 digits (cache_keys.hpp)
}

}  // namespace tessera::server
