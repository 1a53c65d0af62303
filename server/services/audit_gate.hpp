// The WAP gate of publishing (spec 02 §5.7, 03 §9.9): a publish may require that the asset's
// latest audit run passed; otherwise a run that did not pass only adds a warning.
#pragma once

#include <optional>
#include <string>

#include "store/audit_run_repository.hpp"

namespace tessera::server::services {

// 412 AUDIT_REQUIRED / AUDIT_FAILED when `requirePass` and the latest run is missing or did not
// pass; otherwise the warning for a latest run that did not pass, if any.
std::optional<std::string> checkAuditGate(store::DbSession& db, const std::string& assetId,
                                          bool requirePass);

// The warning alone, for publishing paths that never refuse (publish from a proposal).
std::optional<std::string> latestAuditWarning(store::DbSession& db, const std::string& assetId);

// "Warning: Most recent audit failed with 2 guarantee(s) failing".
std::string auditWarning(const store::AuditRunSummary& run);

}  // namespace tessera::server::services
