// What a contract's guarantees promise, as the paths the guarantee diff uses (03 §6.2:
// "nullability.email", "accepted_values.status", "freshness", …), and which of them an audit
// run's failed results break (issue 21). An audit tool reports a result against a promise by
// using its path as the result's guarantee_id.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <vector>

namespace tessera::core {

// In category order (nullability, uniqueness, accepted_values, relationships, expressions,
// freshness, volume, custom), keys in stored order. Null or wrongly shaped categories promise
// nothing.
std::vector<std::string> promisedGuaranteePaths(const rapidjson::Value& guarantees);

// The promised paths that appear among `failedIds`, in promise order, each once.
std::vector<std::string> violatedGuarantees(const std::vector<std::string>& promised,
                                            const std::vector<std::string>& failedIds);

}  // namespace tessera::core
