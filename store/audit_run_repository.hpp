// SQL for audit runs (spec 04 §2.1). For now only what the publish WAP gate reads (02 §5.7);
// reporting and history come with the audit-run endpoints.
#pragma once

#include <optional>
#include <string>

#include "store/db_session.hpp"

namespace tessera::store {

struct AuditRunSummary {
    std::string id;
    std::string status;  // passed / failed / partial
    int64_t guaranteesFailed = 0;
    int64_t runAt = 0;
};

class AuditRunRepository {
  public:
    explicit AuditRunRepository(DbSession& db) : db_(db) {}

    // The asset's most recent run (largest run_at), if any.
    std::optional<AuditRunSummary> latestForAsset(const std::string& assetId);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
