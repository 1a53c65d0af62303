// Reads what the in-memory dependency index holds, straight from Postgres: a full consistent
// snapshot at start-up (a few binary COPY streams, not one query per row) and the few rows a
// committed write touched. Uses its own libpq connection: index maintenance never waits for the
// request pool, and requests never wait for it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/pg_binary_format.hpp"

namespace tessera::store {

class LibpqConnection;

struct GraphAssetRow {
    RawUuid id;
    std::string_view fqn;
    RawUuid ownerTeamId;
    bool deleted = false;
    std::optional<RawUuid> activeContractId;
};
struct GraphEdgeRow {
    RawUuid dependentId;
    RawUuid dependencyId;
    std::string_view type;
};
struct GraphRegistrationRow {
    RawUuid id;
    RawUuid contractId;
    RawUuid consumerTeamId;
    std::string_view status;
    std::optional<std::string_view> pinnedVersion;
};
struct GraphTeamRow {
    RawUuid id;
    std::string_view name;
};

// Receives rows; views are valid only during the call.
class GraphRowVisitor {
  public:
    virtual ~GraphRowVisitor() = default;
    virtual void team(const GraphTeamRow& row) = 0;
    virtual void asset(const GraphAssetRow& row) = 0;
    virtual void edge(const GraphEdgeRow& row) = 0;
    virtual void registration(const GraphRegistrationRow& row) = 0;
};

class GraphSource {
  public:
    explicit GraphSource(std::string connectionString);
    ~GraphSource();

    // Every team, asset, edge and registration on an active contract, in that order, from one
    // REPEATABLE READ snapshot; returns the graph generation of that snapshot.
    int64_t loadAll(GraphRowVisitor& visitor);

    // The current rows for the given ids (assets with their upstream edges; registrations;
    // teams) in one snapshot. Ids that no longer exist are simply not visited.
    void loadRows(const std::vector<std::string>& assetIds,
                  const std::vector<std::string>& registrationIds,
                  const std::vector<std::string>& teamIds, GraphRowVisitor& visitor);

    int64_t currentGeneration();

  private:
    LibpqConnection& connection();

    std::string connectionString_;
    std::unique_ptr<LibpqConnection> connection_;
};

}  // namespace tessera::store
