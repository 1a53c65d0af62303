#include "core/audit_runs.hpp"

#include "core/json.hpp"
#include "core/json_dumps_length.hpp"
#include "core/python_repr.hpp"

namespace tessera::core {
namespace {

// Stored JSON is as deep as a request may be (MAX_JSON_DEPTH), far below this.
constexpr int kStoredJsonMaxDepth = 100000;

std::optional<std::string> sizeError(const char* field, const rapidjson::Value& value,
                                     std::size_t limit) {
    const std::size_t size = pythonJsonDumpsLength(value);
    if (size <= limit) return std::nullopt;
    return std::string(field) + " exceeds maximum size of " + std::to_string(limit) +
           " bytes (got " + std::to_string(size) + " bytes)";
}

std::string guaranteeIdOf(const rapidjson::Value& entry) {
    const rapidjson::Value* id = dictGet(entry, "guarantee_id");
    if (id == nullptr || id->IsNull()) return "unknown";
    if (id->IsString()) return std::string(stringView(*id));
    return pythonStr(*id);
}

}  // namespace

std::optional<std::string> checkGuaranteeMetadataSize(const rapidjson::Value& metadata) {
    return sizeError("metadata", metadata, kMaxGuaranteeMetadataSize);
}

std::optional<std::string> checkAuditDetailsSize(const rapidjson::Value& details) {
    return sizeError("details", details, kMaxAuditDetailsSize);
}

std::optional<std::string> checkGuaranteeResultCount(std::size_t count) {
    if (count <= kMaxGuaranteeResults) return std::nullopt;
    return "guarantee_results exceeds maximum count of " + std::to_string(kMaxGuaranteeResults) +
           " (got " + std::to_string(count) + ")";
}

GuaranteeCounts fillGuaranteeCounts(const GuaranteeCounts& given,
                                    const std::vector<bool>& resultPassed) {
    if (resultPassed.empty() || given.checked != 0) return given;
    GuaranteeCounts filled;
    filled.checked = static_cast<int64_t>(resultPassed.size());
    for (const bool passed : resultPassed) filled.passed += passed ? 1 : 0;
    filled.failed = filled.checked - filled.passed;
    return filled;
}

std::vector<std::string> failedGuaranteeIds(std::string_view guaranteeResultsJson) {
    std::vector<std::string> failed;
    if (guaranteeResultsJson.empty()) return failed;
    const JsonParseResult parsed = parseJson(guaranteeResultsJson, kStoredJsonMaxDepth);
    if (!parsed.ok || !parsed.document.IsArray()) return failed;
    for (const rapidjson::Value& entry : parsed.document.GetArray()) {
        if (!entry.IsObject()) continue;
        const rapidjson::Value* passed = dictGet(entry, "passed");
        if (passed == nullptr || isPythonTruthy(*passed)) continue;
        failed.push_back(guaranteeIdOf(entry));
    }
    return failed;
}

}  // namespace tessera::core
