#include "store/audit_run_repository.hpp"

namespace tessera::store {
namespace {

const Statement kLatestForAsset{
    "audit_run_latest_for_asset",
    "SELECT id::text, status, guarantees_failed, core.epoch_us(run_at) FROM core.audit_runs"
    " WHERE asset_id = $1 ORDER BY run_at DESC, id DESC LIMIT 1"};

}  // namespace

std::optional<AuditRunSummary> AuditRunRepository::latestForAsset(const std::string& assetId) {
    const pqxx::result result = db_.exec(kLatestForAsset, assetId);
    if (result.empty()) return std::nullopt;
    const pqxx::row row = result[0];
    return AuditRunSummary{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<int64_t>(),
                           row[3].as<int64_t>()};
}

}  // namespace tessera::store
