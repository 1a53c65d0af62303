#include "server/services/audit_gate.hpp"

#include "core/errors.hpp"
#include "core/json.hpp"
#include "core/timestamp.hpp"
#include "server/http/responses.hpp"

namespace tessera::server::services {

std::optional<std::string> checkAuditGate(store::DbSession& db, const std::string& assetId,
                                          bool requirePass) {
    const auto last = store::AuditRunRepository(db).latestForAsset(assetId);
    if (!last) {
        if (!requirePass) return std::nullopt;
        throw core::ApiError(core::status::kPreconditionFailed, core::code::kAuditRequired,
                             "No audit runs found. Run audits before publishing with "
                             "require_audit_pass=True.");
    }
    if (last->status == "passed") return std::nullopt;
    if (!requirePass) return auditWarning(*last);
    throw core::ApiError(
        core::status::kPreconditionFailed, core::code::kAuditFailed,
        "Most recent audit " + last->status + ". Cannot publish with require_audit_pass=True.",
        buildJson([&](core::JsonWriter& w) {
            w.StartObject();
            w.Key("audit_status");
            core::writeString(w, last->status);
            w.Key("guarantees_failed");
            w.Int64(last->guaranteesFailed);
            w.Key("audit_run_at");
            core::writeString(w, core::formatTimestamp(last->runAt));
            w.EndObject();
        }));
}

std::optional<std::string> latestAuditWarning(store::DbSession& db, const std::string& assetId) {
    return checkAuditGate(db, assetId, false);
}

std::string auditWarning(const store::AuditRunSummary& run) {
    return "Warning: Most recent audit " + run.status + " with " +
           std::to_string(run.guaranteesFailed) + " guarantee(s) failing";
}

}  // namespace tessera::server::services
