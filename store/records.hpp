// Plain rows as repositories return them. JSON columns stay JSON text; timestamps are
// microseconds since the epoch (rendered by the server).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tessera::store {

struct TeamRecord {
    std::string id;
    std::string name;
    std::string metadataJson;
    int64_t createdAt = 0;
};

struct TeamListRow {
    TeamRecord team;
    int64_t assetCount = 0;
};

template <typename Row>
struct PageOf {
    std::vector<Row> rows;
    int64_t total = 0;
};

}  // namespace tessera::store

namespace tessera::store {

struct UserRecord {
    std::string id;
    std::string email;
    std::string name;
    std::string role;
    std::optional<std::string> teamId;
    std::string metadataJson;
    std::string notificationPreferencesJson;
    int64_t createdAt = 0;
    std::optional<int64_t> deactivatedAt;
    std::optional<std::string> teamName;  // soft-deleted teams included
    int64_t assetCount = 0;               // non-deleted assets owned by the user
};

struct AuditEventRecord {
    std::string id;
    std::string entityType;
    std::string entityId;
    std::string action;
    std::optional<std::string> actorId;
    std::string payloadJson;
    int64_t occurredAt = 0;
};

}  // namespace tessera::store
