// Rules of WAP audit runs (spec 04 §2): the size limits of a report, count auto-fill, and how a
// stored run's details name its failed guarantees. The trends summary is core/audit_trends.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::core {

inline const std::vector<std::string> kAuditRunStatuses = {"passed", "failed", "partial"};

inline constexpr std::size_t kMaxGuaranteeResults = 1000;
inline constexpr std::size_t kMaxGuaranteeMetadataSize = 10240;
inline constexpr std::size_t kMaxAuditDetailsSize = 102400;

// The rule texts of the report's field validators (each leaves as a 422 `value_error`), or
// nullopt within limits. Sizes are json.dumps lengths (core/json_dumps_length.hpp):
//   "metadata exceeds maximum size of 10240 bytes (got N bytes)"
//   "details exceeds maximum size of 102400 bytes (got N bytes)"
//   "guarantee_results exceeds maximum count of 1000 (got N)"
std::optional<std::string> checkGuaranteeMetadataSize(const rapidjson::Value& metadata);
std::optional<std::string> checkAuditDetailsSize(const rapidjson::Value& details);
std::optional<std::string> checkGuaranteeResultCount(std::size_t count);

struct GuaranteeCounts {
    int64_t checked = 0;
    int64_t passed = 0;
    int64_t failed = 0;
};

// Count auto-fill (§2.2 step 4): only when there are results and `checked` is 0, the counts come
// from the results (passed = items that passed, failed = the rest); otherwise as given.
GuaranteeCounts fillGuaranteeCounts(const GuaranteeCounts& given,
                                    const std::vector<bool>& resultPassed);

// The `failed_guarantees` of a stored run (§2.3), from the JSON text of its
// details.guarantee_results (empty when the key is absent): the guarantee ids of the entries
// whose `passed` is false, in stored order. As the original reads them: a missing `passed`
// counts as passed, and any other falsy value (null, 0, "") as failed; a missing id is
// "unknown". Clients may store their own `guarantee_results` (when they send no results), so
// anything is tolerated: a non-list reads as no entries, non-object entries are skipped, a null
// id is "unknown" and a non-string id reads as Python's str() of it.
std::vector<std::string> failedGuaranteeIds(std::string_view guaranteeResultsJson);

}  // namespace tessera::core
