#include "server/handlers/audit_runs.hpp"

#include "server/services/write_effects.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "core/audit_runs.hpp"
#include "core/audit_trends.hpp"
#include "core/errors.hpp"
#include "core/guarantee_promises.hpp"
#include "core/python_repr.hpp"
#include "core/timestamp.hpp"
#include "server/http/request_context.hpp"
#include "server/http/request_validator.hpp"
#include "server/http/responses.hpp"
#include "server/services/guarantee_notifications.hpp"
#include "store/asset_repository.hpp"
#include "store/audit_run_repository.hpp"
#include "store/contract_repository.hpp"

namespace tessera::server {
namespace {

using core::JsonWriter;

constexpr size_t kMaxRunIdLength = 255;
constexpr size_t kMaxGuaranteeIdLength = 255;
constexpr size_t kMaxErrorMessageLength = 2000;
// The counts are `integer` columns: larger values are invalid input, not a database error.
constexpr long long kMaxCount = std::numeric_limits<int32_t>::max();

// One GuaranteeResult with its defaults filled (spec 04 §2.2).
struct GuaranteeResult {
    std::string guaranteeId;
    bool passed = false;
    std::optional<std::string> errorMessage;
    std::optional<long long> rowsChecked;
    std::optional<long long> rowsFailed;
    const rapidjson::Value* metadata = nullptr;  // into the request body; absent = {}
};

struct AuditReport {
    std::string status;
    std::string triggeredBy;
    core::GuaranteeCounts counts;
    std::optional<std::string> runId;
    std::vector<GuaranteeResult> results;
    const rapidjson::Value* details = nullptr;  // into the request body; absent = {}
    std::optional<int64_t> runAt;
};

core::ApiError assetNotFound(const std::string& assetId) {
    // HTTP-error mapping (spec 04 §0): a text-only 404.
    return core::notFound(core::code::kNotFound, "Asset " + assetId + " not found");
}

store::AssetRecord findAssetOrThrow(RequestContext& context, const std::string& assetId) {
    store::AssetRepository assets(context.db);
    auto asset = assets.findActive(assetId);
    if (!asset) throw assetNotFound(assetId);
    return *asset;
}

std::optional<GuaranteeResult> parseGuaranteeResult(RequestValidator& validate,
                                                    const rapidjson::Value& item, const Loc& loc) {
    if (!validate.modelValue(item, loc)) return std::nullopt;
    GuaranteeResult result;
    result.guaranteeId =
        validate
            .stringField(item, "guarantee_id", loc, {Presence::Required, 0, kMaxGuaranteeIdLength})
            .value_or("");
    result.passed = validate.boolField(item, "passed", loc, Presence::Required).value_or(false);
    result.errorMessage = validate.stringField(item, "error_message", loc,
                                               {Presence::Nullable, 0, kMaxErrorMessageLength});
    result.rowsChecked = validate.intField(item, "rows_checked", loc, Presence::Nullable, 0);
    result.rowsFailed = validate.intField(item, "rows_failed", loc, Presence::Nullable, 0);
    result.metadata = validate.dictField(item, "metadata", loc, Presence::Optional);
    if (result.metadata) {
        if (auto tooLarge = core::checkGuaranteeMetadataSize(*result.metadata)) {
            validate.valueError(RequestValidator::bodyLoc(loc, "metadata"), *tooLarge,
                                core::toJson(*result.metadata));
        }
    }
    return result;
}

// guarantee_results: at most 1000 items. Above that only the count is reported: validating (and
// echoing errors for) a huge list first would make the answer as large as the request.
std::vector<GuaranteeResult> parseGuaranteeResults(RequestValidator& validate,
                                                   const rapidjson::Value& body) {
    std::vector<GuaranteeResult> results;
    const rapidjson::Value* list =
        validate.arrayField(body, "guarantee_results", {}, Presence::Optional);
    if (!list) return results;
    const Loc loc = RequestValidator::bodyLoc({}, "guarantee_results");
    if (auto tooMany = core::checkGuaranteeResultCount(list->Size())) {
        validate.valueError(loc, *tooMany, core::toJson(*list));
        return results;
    }
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
        Loc itemLoc = loc;
        itemLoc.emplace_back(static_cast<long long>(i));
        if (auto result = parseGuaranteeResult(validate, (*list)[i], itemLoc)) {
            results.push_back(std::move(*result));
        }
    }
    return results;
}

// Body fields in model order (spec 01 §2.3 error order).
AuditReport parseReport(RequestValidator& validate, const rapidjson::Value& body) {
    AuditReport report;
    report.status =
        validate.enumField(body, "status", {}, Presence::Required, core::kAuditRunStatuses)
            .value_or("");
    report.triggeredBy =
        validate
            .stringField(body, "triggered_by", {}, {Presence::Required, 0, kMaxTriggeredByLength})
            .value_or("");
    const auto count = [&](const char* name) {
        return validate.intField(body, name, {}, Presence::Optional, 0, kMaxCount).value_or(0);
    };
    report.counts.checked = count("guarantees_checked");
    report.counts.passed = count("guarantees_passed");
    report.counts.failed = count("guarantees_failed");
    report.runId =
        validate.stringField(body, "run_id", {}, {Presence::Nullable, 0, kMaxRunIdLength});
    report.results = parseGuaranteeResults(validate, body);
    report.details = validate.dictField(body, "details", {}, Presence::Optional);
    if (report.details) {
        if (auto tooLarge = core::checkAuditDetailsSize(*report.details)) {
            validate.valueError(RequestValidator::bodyLoc({}, "details"), *tooLarge,
                                core::toJson(*report.details));
        }
    }
    report.runAt = validate.datetimeField(body, "run_at", {}, Presence::Nullable);
    return report;
}

void writeGuaranteeResult(JsonWriter& w, const GuaranteeResult& result) {
    w.StartObject();
    w.Key("guarantee_id");
    core::writeString(w, result.guaranteeId);
    w.Key("passed");
    w.Bool(result.passed);
    w.Key("error_message");
    core::writeNullableString(w, result.errorMessage);
    w.Key("rows_checked");
    result.rowsChecked ? w.Int64(*result.rowsChecked) : w.Null();
    w.Key("rows_failed");
    result.rowsFailed ? w.Int64(*result.rowsFailed) : w.Null();
    w.Key("metadata");
    if (result.metadata) {
        result.metadata->Accept(w);
    } else {
        w.StartObject();
        w.EndObject();
    }
    w.EndObject();
}

void writeGuaranteeResults(JsonWriter& w, const std::vector<GuaranteeResult>& results) {
    w.StartArray();
    for (const GuaranteeResult& result : results) writeGuaranteeResult(w, result);
    w.EndArray();
}

// The stored details (§2.2 step 3): the client's object, with `guarantee_results` replaced by
// the full result list when there are results.
std::string storedDetails(const AuditReport& report) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        if (report.details) {
            for (const auto& member : report.details->GetObject()) {
                const std::string_view key(member.name.GetString(), member.name.GetStringLength());
                if (!report.results.empty() && key == "guarantee_results") continue;
                core::writeKey(w, key);
                member.value.Accept(w);
            }
        }
        if (!report.results.empty()) {
            w.Key("guarantee_results");
            writeGuaranteeResults(w, report.results);
        }
        w.EndObject();
    });
}

std::string reportEventPayload(const store::AuditRunInsert& run,
                               const store::AuditRunInserted& inserted) {
    return buildJson([&](JsonWriter& w) {
        w.StartObject();
        w.Key("asset_id");
        core::writeString(w, run.assetId);
        w.Key("contract_id");
        core::writeNullableString(w, inserted.contractId);
        w.Key("status");
        core::writeString(w, run.status);
        w.Key("triggered_by");
        core::writeString(w, run.triggeredBy);
        w.Key("run_id");
        core::writeNullableString(w, run.runId);
        w.Key("guarantees_checked");
        w.Int64(run.guaranteesChecked);
        w.Key("guarantees_passed");
        w.Int64(run.guaranteesPassed);
        w.Key("guarantees_failed");
        w.Int64(run.guaranteesFailed);
        w.EndObject();
    });
}

// status, the three counts, triggered_by, run_id, run_at: the part of a run that the report
// response and each history item share, in their common key order.
struct RunOutcome {
    const std::string& status;
    int64_t checked;
    int64_t passed;
    int64_t failed;
    const std::string& triggeredBy;
    const std::optional<std::string>& runId;
    int64_t runAt;
};

void writeRunOutcome(JsonWriter& w, const RunOutcome& run) {
    w.Key("status");
    core::writeString(w, run.status);
    w.Key("guarantees_checked");
    w.Int64(run.checked);
    w.Key("guarantees_passed");
    w.Int64(run.passed);
    w.Key("guarantees_failed");
    w.Int64(run.failed);
    w.Key("triggered_by");
    core::writeString(w, run.triggeredBy);
    w.Key("run_id");
    core::writeNullableString(w, run.runId);
    w.Key("run_at");
    core::writeString(w, core::formatTimestamp(run.runAt));
}

void writeHistoryRun(JsonWriter& w, const store::AuditRunRow& run) {
    w.StartObject();
    w.Key("id");
    core::writeString(w, run.id);
    writeRunOutcome(w, {run.status, run.guaranteesChecked, run.guaranteesPassed,
                        run.guaranteesFailed, run.triggeredBy, run.runId, run.runAt});
    w.Key("contract_version");
    core::writeNullableString(w, run.contractVersion);
    w.Key("failed_guarantees");
    w.StartArray();
    for (const auto& id : core::failedGuaranteeIds(run.guaranteeResultsJson)) {
        core::writeString(w, id);
    }
    w.EndArray();
    w.EndObject();
}

void writePeriod(JsonWriter& w, const char* name, const core::AuditTrendPeriod& period) {
    w.Key(name);
    w.StartObject();
    w.Key("total_runs");
    w.Int64(period.totalRuns);
    w.Key("passed");
    w.Int64(period.passed);
    w.Key("failed");
    w.Int64(period.failed);
    w.Key("partial");
    w.Int64(period.partial);
    w.Key("failure_rate");
    // Python's shortest round-trip text (0.4, 0.6666666666666666, 0.0).
    const std::string rate = core::pythonFloatRepr(period.failureRate);
    w.RawValue(rate.data(), rate.size(), rapidjson::kNumberType);
    w.Key("most_failed_guarantees");
    w.StartArray();
    for (const auto& entry : period.mostFailedGuarantees) {
        w.StartObject();
        w.Key("guarantee_id");
        core::writeString(w, entry.guaranteeId);
        w.Key("failure_count");
        w.Int64(entry.failureCount);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
}

// `last_run` is built by the handler in the original (str(id), run_at.isoformat()), so its time
// is in the offset form.
void writeLastRun(JsonWriter& w, const std::vector<store::AuditRunRow>& runs) {
    w.Key("last_run");
    if (runs.empty()) {
        w.Null();
        return;
    }
    const store::AuditRunRow& last = runs.front();
    w.StartObject();
    w.Key("id");
    core::writeString(w, last.id);
    w.Key("status");
    core::writeString(w, last.status);
    w.Key("run_at");
    core::writeString(w, core::formatOffsetTimestamp(last.runAt));
    w.Key("triggered_by");
    core::writeString(w, last.triggeredBy);
    w.Key("guarantees_failed");
    w.Int64(last.guaranteesFailed);
    w.EndObject();
}

void writeAssetHeader(JsonWriter& w, const store::AssetRecord& asset) {
    w.Key("asset_id");
    core::writeString(w, asset.id);
    w.Key("asset_fqn");
    core::writeString(w, asset.fqn);
}

// The active contract's guarantees this run failed (issue 21), and the consumers told when a
// guarantee's failing streak starts: it failed now and not in the asset's run before this one.
// Nothing when the contract promises nothing.
std::optional<std::vector<std::string>> checkPromises(RequestContext& context,
                                                      const store::AssetRecord& asset,
                                                      const store::AuditRunInserted& inserted,
                                                      const AuditReport& report) {
    if (!inserted.contractId) return std::nullopt;
    const auto contract = store::ContractRepository(context.db).find(*inserted.contractId);
    if (!contract || !contract->guaranteesJson) return std::nullopt;
    const std::vector<std::string> promised =
        core::promisedGuaranteePaths(core::parseStoredJson(*contract->guaranteesJson));
    if (promised.empty()) return std::nullopt;
    std::vector<std::string> failed;
    for (const GuaranteeResult& result : report.results) {
        if (!result.passed) failed.push_back(result.guaranteeId);
    }
    const std::vector<std::string> violated = core::violatedGuarantees(promised, failed);
    if (violated.empty()) return violated;

    // Runs are ordered by run_at: a back-dated report starts no streak.
    const auto latest = store::AuditRunRepository(context.db).history(asset.id, {}, 2);
    if (latest.rows.empty() || latest.rows.front().id != inserted.id) return violated;
    std::vector<std::string> before;
    if (latest.rows.size() > 1) {
        before = core::violatedGuarantees(
            promised, core::failedGuaranteeIds(latest.rows[1].guaranteeResultsJson));
    }
    std::vector<std::string> newlyViolated;
    for (const std::string& path : violated) {
        if (std::find(before.begin(), before.end(), path) == before.end()) {
            newlyViolated.push_back(path);
        }
    }
    services::notifyGuaranteesViolated(context, asset, *contract, inserted.id, violated,
                                       newlyViolated);
    return violated;
}

}  // namespace

HttpResponse reportAuditRun(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    AuditReport report;
    if (const rapidjson::Value* body = validate.modelBody()) report = parseReport(validate, *body);
    validate.finish();

    const store::AssetRecord asset = findAssetOrThrow(context, assetId);
    std::vector<bool> passed;
    for (const GuaranteeResult& result : report.results) passed.push_back(result.passed);
    const core::GuaranteeCounts counts = core::fillGuaranteeCounts(report.counts, passed);

    store::AuditRunInsert run;
    run.assetId = asset.id;
    run.status = report.status;
    run.guaranteesChecked = counts.checked;
    run.guaranteesPassed = counts.passed;
    run.guaranteesFailed = counts.failed;
    run.triggeredBy = report.triggeredBy;
    run.runId = report.runId;
    run.detailsJson = storedDetails(report);
    run.runAt = report.runAt;
    store::AuditRunRepository runs(context.db);
    const store::AuditRunInserted inserted = runs.insert(run);
    services::recordEvent(context, "audit_run", inserted.id, "audit_run.reported",
                          reportEventPayload(run, inserted));
    const auto violated = checkPromises(context, asset, inserted, report);

    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        w.Key("id");
        core::writeString(w, inserted.id);
        writeAssetHeader(w, asset);
        w.Key("contract_id");
        core::writeNullableString(w, inserted.contractId);
        w.Key("contract_version");
        core::writeNullableString(w, inserted.contractVersion);
        writeRunOutcome(w, {run.status, run.guaranteesChecked, run.guaranteesPassed,
                            run.guaranteesFailed, run.triggeredBy, run.runId, inserted.runAt});
        w.Key("guarantee_results");
        writeGuaranteeResults(w, report.results);
        // Additive (issue 21), when the active contract promises guarantees: the failed
        // results that break them.
        if (violated) {
            w.Key("violated_guarantees");
            w.StartArray();
            for (const std::string& path : *violated) core::writeString(w, path);
            w.EndArray();
        }
        w.EndObject();
    });
}

HttpResponse getAuditHistory(RequestContext& context) {
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    const int limit =
        static_cast<int>(validate.queryInt("limit", kHistoryDefaultLimit, 1, kHistoryMaxLimit)
                             .value_or(kHistoryDefaultLimit));
    store::AuditRunFilter filter;
    filter.triggeredBy = validate.queryText("triggered_by");
    filter.status = validate.queryEnum("status", core::kAuditRunStatuses);
    validate.finish();

    const store::AssetRecord asset = findAssetOrThrow(context, assetId);
    store::AuditRunRepository runs(context.db);
    const auto history = runs.history(asset.id, filter, limit);
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        writeAssetHeader(w, asset);
        w.Key("total_runs");
        w.Int64(history.total);
        w.Key("runs");
        w.StartArray();
        for (const auto& run : history.rows) writeHistoryRun(w, run);
        w.EndArray();
        w.EndObject();
    });
}

HttpResponse getAuditTrends(RequestContext& context) {
    // No query parameters: the windows are fixed (spec 04 §2.4).
    RequestValidator validate(context);
    const std::string assetId = validate.pathUuid("asset_id");
    validate.finish();

    const store::AssetRecord asset = findAssetOrThrow(context, assetId);
    const int64_t now = core::currentEpochMicros();
    store::AuditRunRepository runs(context.db);
    const std::vector<store::AuditRunRow> recent =
        runs.since(asset.id, now - core::kTrendWindow30d);
    std::vector<core::AuditRunSample> samples;
    samples.reserve(recent.size());
    for (const auto& run : recent) {
        samples.push_back(
            {run.status, run.runAt, core::failedGuaranteeIds(run.guaranteeResultsJson)});
    }
    const core::AuditTrends trends = core::computeAuditTrends(samples, now);
    return jsonResponseWith(core::status::kOk, [&](JsonWriter& w) {
        w.StartObject();
        writeAssetHeader(w, asset);
        writeLastRun(w, recent);
        writePeriod(w, "last_24h", trends.last24h);
        writePeriod(w, "last_7d", trends.last7d);
        writePeriod(w, "last_30d", trends.last30d);
        w.Key("alerts");
        w.StartArray();
        for (const auto& alert : trends.alerts) core::writeString(w, alert);
        w.EndArray();
        w.EndObject();
    });
}

}  // namespace tessera::server
