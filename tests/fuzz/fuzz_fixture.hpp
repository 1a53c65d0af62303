// The rows and keys fuzzed traffic refers to, created through the API the way an operator would
// (README "First steps"): a home team holding an admin and a read key, a target team with a
// user, two assets, a contract, a registration, a dependency and a pending proposal.
#pragma once

#include <string>

#include "tests/fuzz/known_ids.hpp"
#include "tests/support/http_client.hpp"

namespace tessera::fuzz {

// Throws with the failing response when a step does not succeed.
KnownIds createFixture(const testing::HttpClient& http, const std::string& bootstrapKey);

}  // namespace tessera::fuzz
