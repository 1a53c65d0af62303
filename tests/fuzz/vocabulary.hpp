// What fuzzed requests are made of besides hostile bytes: the field and query names the API
// reads, and a valid body and query per route, so mutations start close to what a handler
// accepts and reach its deeper checks.
#pragma once

#include <string>
#include <vector>

#include "tests/fuzz/known_ids.hpp"
#include "tests/fuzz/rng.hpp"

namespace tessera::fuzz {

const std::vector<std::string>& bodyFieldNames();
const std::vector<std::string>& queryNames();

// A valid body for `method template` (e.g. "POST /api/v1/assets"), ids and unique names
// filled in; empty when the route has no seed.
std::string seedBody(const std::string& route, const KnownIds& ids, Rng& rng);
// A query string (without `?`) the route needs to get past its required parameters.
std::string seedQuery(const std::string& route, const KnownIds& ids);
// Every route the seeds name, to check them against the route table: a seed whose route was
// renamed is an error, not silently dead.
std::vector<std::string> seededRoutes();

}  // namespace tessera::fuzz
