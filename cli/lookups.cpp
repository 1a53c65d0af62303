#include "cli/lookups.hpp"

#include "cli/json_text.hpp"
#include "core/uuid.hpp"

namespace tessera::cli {

std::optional<ContractRef> activeContract(const Session& session, const std::string& assetId) {
    // Contracts come newest first, and an asset has at most one active one; 100 covers the
    // history of any real asset, and `offset` paging would only matter past that.
    const auto page =
        session.call("GET", "/assets/" + urlEncode(assetId) + "/contracts", {{"limit", "100"}});
    for (const auto& contract : arrayAt(page, "results").GetArray()) {
        if (stringAt(contract, {"status"}) == "active") {
            return ContractRef{stringAt(contract, {"id"}), stringAt(contract, {"version"})};
        }
    }
    return std::nullopt;
}

std::optional<std::string> findAssetId(const Session& session, const std::string& fqn) {
    const auto page = session.call("GET", "/assets/search", {{"q", fqn}, {"limit", "100"}});
    for (const auto& asset : arrayAt(page, "results").GetArray()) {
        if (stringAt(asset, {"fqn"}) == fqn) return stringAt(asset, {"id"});
    }
    return std::nullopt;
}

std::string resolveAssetId(const Session& session, const std::string& idOrFqn) {
    if (auto id = core::parseUuid(idOrFqn)) return *id;
    if (auto id = findAssetId(session, idOrFqn)) return *id;
    fail("no asset with FQN '" + idOrFqn + "'");
}

}  // namespace tessera::cli
