#include "server/services/guarantee_evaluation.hpp"

#include <algorithm>

#include "server/http/responses.hpp"

namespace tessera::server::services {
namespace {

rapidjson::Document parsed(const std::optional<std::string>& json) {
    if (!json) {
        rapidjson::Document empty;
        empty.SetNull();
        return empty;
    }
    return core::parseStoredJson(*json);
}

void writeChanges(core::JsonWriter& w, const std::vector<core::GuaranteeChange>& changes) {
    w.StartArray();
    for (const auto& change : changes) core::writeGuaranteeChangeJson(w, change);
    w.EndArray();
}

}  // namespace

size_t GuaranteeEvaluation::warnings() const {
    return static_cast<size_t>(
        std::count_if(changes.begin(), changes.end(), [](const core::GuaranteeChange& change) {
            return change.severity == core::GuaranteeSeverity::Warning;
        }));
}

std::optional<GuaranteeEvaluation> evaluateGuarantees(std::string_view mode,
                                                      const std::optional<std::string>& oldJson,
                                                      const std::optional<std::string>& newJson) {
    GuaranteeEvaluation evaluation;
    evaluation.mode = core::parseGuaranteeMode(mode).value_or(core::kDefaultGuaranteeMode);
    if (evaluation.mode == core::GuaranteeMode::Ignore) return std::nullopt;
    evaluation.changes = core::diffGuarantees(parsed(oldJson), parsed(newJson));
    evaluation.breaking = core::breakingGuaranteeChanges(evaluation.changes, evaluation.mode);
    return evaluation;
}

void writeGuaranteeFields(core::JsonWriter& w, const GuaranteeEvaluation& evaluation) {
    if (evaluation.changes.empty()) return;
    w.Key("guarantee_changes");
    writeChanges(w, evaluation.changes);
    w.Key("guarantee_warnings");
    w.Uint64(evaluation.warnings());
}

void writeBreakingRecords(core::JsonWriter& w, const std::vector<core::SchemaChange>& schema,
                          const std::optional<GuaranteeEvaluation>& guarantees) {
    w.StartArray();
    for (const auto& change : schema) core::writeChangeJson(w, change);
    if (guarantees) {
        for (const auto& change : guarantees->breaking) core::writeGuaranteeChangeJson(w, change);
    }
    w.EndArray();
}

std::string breakingRecordsJson(const std::vector<core::SchemaChange>& schema,
                                const std::optional<GuaranteeEvaluation>& guarantees) {
    return buildJson([&](core::JsonWriter& w) { writeBreakingRecords(w, schema, guarantees); });
}

std::string guaranteeChangesJson(const std::vector<core::GuaranteeChange>& changes) {
    return buildJson([&](core::JsonWriter& w) { writeChanges(w, changes); });
}

}  // namespace tessera::server::services
