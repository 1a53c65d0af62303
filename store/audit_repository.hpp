// The append-only audit log (spec 04 §1). Events are written through the request's DbSession,
// so they commit or roll back together with the change they record.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/db_session.hpp"
#include "store/records.hpp"

namespace tessera::store {

struct AuditEventInput {
    std::string entityType;
    std::string entityId;
    std::string action;
    std::optional<std::string> actorId;  // a team id
    std::string payloadJson = "{}";
};

void recordAuditEvent(DbSession& db, const AuditEventInput& event);

struct AuditEventFilter {
    std::optional<std::string> entityType;
    std::optional<std::string> entityId;
    std::optional<std::string> action;
    std::optional<std::string> actorId;
    std::optional<int64_t> fromMicros;
    std::optional<int64_t> toMicros;
};

class AuditRepository {
  public:
    explicit AuditRepository(DbSession& db) : db_(db) {}

    // Newest first.
    PageOf<AuditEventRecord> list(const AuditEventFilter& filter, int limit, int64_t offset);
    std::optional<AuditEventRecord> find(const std::string& id);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
