// The append-only audit log (spec 04 §1). Events are written through the request's DbSession,
// so they commit or roll back together with the change they record.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/db_session.hpp"

namespace tessera::store {

struct AuditEventInput {
    std::string entityType;
    std::string entityId;
    std::string action;
    std::optional<std::string> actorId;  // a team id
    std::string payloadJson = "{}";
};

void recordAuditEvent(DbSession& db, const AuditEventInput& event);

}  // namespace tessera::store
