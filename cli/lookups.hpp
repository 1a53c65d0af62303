// Intermediate lookups some verbs need before their own request (never printed with --json).
#pragma once

#include <optional>
#include <string>

#include "cli/session.hpp"

namespace tessera::cli {

struct ContractRef {
    std::string id;
    std::string version;
};

// The asset's active contract, from GET /assets/{id}/contracts; nullopt when it has none.
std::optional<ContractRef> activeContract(const Session& session, const std::string& assetId);

// The id of the asset with exactly that FQN (found via /assets/search); nullopt when none.
std::optional<std::string> findAssetId(const Session& session, const std::string& fqn);

// `idOrFqn` itself when it is a UUID; else the id of the asset with exactly that FQN (found via
// /assets/search). No such asset → `Error: no asset with FQN '<fqn>'`, exit 1.
std::string resolveAssetId(const Session& session, const std::string& idOrFqn);

}  // namespace tessera::cli
