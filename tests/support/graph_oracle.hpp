// The blast radius two ways: as the server's in-memory index answers it over HTTP, and as a
// recursive CTE over the tables computes it. Tests compare them to prove the index equals
// Postgres (after random writes, a write storm, a kill -9 and restart).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/http_client.hpp"

namespace tessera::testing {

using Radius = std::map<std::string, long long>;  // asset id → shortest depth

// GET /assets/{id}/blast-radius?depth=…; nullopt unless the answer is 200.
std::optional<Radius> radiusFromIndex(const HttpClient& http, const std::string& assetId,
                                      int depth);
Radius radiusFromPostgres(const std::string& databaseUrl, const std::string& assetId, int depth);

// Every non-deleted asset's radius from `http` against the CTE; returns the ids that differ.
std::vector<std::string> assetsWhoseRadiusDiffers(const HttpClient& http,
                                                  const std::string& databaseUrl, int depth);

}  // namespace tessera::testing
