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
