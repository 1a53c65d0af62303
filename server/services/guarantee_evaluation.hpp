// The guarantee half of a contract check (spec 03 §6, issue 21): the diff of two contracts'
// guarantees under the asset's guarantee_mode, shared by publishing, the previews (impact,
// diff, compare) and the proposal workflow. `ignore` evaluates nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/guarantee_diff.hpp"
#include "core/json.hpp"

namespace tessera::server::services {

struct GuaranteeEvaluation {
    core::GuaranteeMode mode = core::kDefaultGuaranteeMode;
    std::vector<core::GuaranteeChange> changes;
    std::vector<core::GuaranteeChange> breaking;  // every warning under strict, else none

    size_t warnings() const;
};

// Stored guarantees (JSON text or null) old → new under `mode` (an asset's guarantee_mode; an
// unknown name counts as the default). Nothing under `ignore`.
std::optional<GuaranteeEvaluation> evaluateGuarantees(std::string_view mode,
                                                      const std::optional<std::string>& oldJson,
                                                      const std::optional<std::string>& newJson);

// "guarantee_changes": [records], "guarantee_warnings": n — the additive response fields,
// written only when there are changes: a response without guarantee news stays byte for byte
// what the original sends (clients that pin its keys keep passing).
void writeGuaranteeFields(core::JsonWriter& w, const GuaranteeEvaluation& evaluation);

// A JSON array of records: schema changes (02 §5 items) followed by guarantee changes (03 §6.2
// records), as a proposal or a forced publish lists what breaks.
std::string breakingRecordsJson(const std::vector<core::SchemaChange>& schema,
                                const std::optional<GuaranteeEvaluation>& guarantees);
void writeBreakingRecords(core::JsonWriter& w, const std::vector<core::SchemaChange>& schema,
                          const std::optional<GuaranteeEvaluation>& guarantees);

std::string guaranteeChangesJson(const std::vector<core::GuaranteeChange>& changes);

}  // namespace tessera::server::services
