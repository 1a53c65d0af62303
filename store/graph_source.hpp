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

#include "core/uuid.hpp"
#include "store/pg_binary_format.hpp"

namespace tessera::store {

class LibpqConnection;

struct GraphAssetRow {
    core::Uuid id;
    std::string_view fqn;
    core::Uuid ownerTeamId;
    bool deleted = false;
    std::optional<core::Uuid> activeContractId;
};
struct GraphEdgeRow {
    core::Uuid dependentId;
    core::Uuid dependencyId;
    std::string_view type;
    std::optional<std::string_view> columnMappingsJson;  // core.dependencies.column_mappings
};
struct GraphRegistrationRow {
    core::Uuid id;
    core::Uuid contractId;
    core::Uuid consumerTeamId;
    std::string_view status;
    std::optional<std::string_view> pinnedVersion;
};
struct GraphTeamRow {
    core::Uuid id;
    std::string_view name;
};
struct GraphActiveContractRow {
    core::Uuid assetId;
    core::Uuid contractId;
};
// Row counts as Postgres estimates them (pg_class.reltuples), for reserving memory up front.
struct GraphSizeEstimate {
    size_t assets = 0;
    size_t edges = 0;
    size_t contracts = 0;  // all of them: active ones are not estimated apart
    size_t registrations = 0;
};

// Receives rows; views are valid only during the call.
class GraphRowVisitor {
  public:
    virtual ~GraphRowVisitor() = default;
    virtual void sizeEstimate(const GraphSizeEstimate&) {}
    virtual void team(const GraphTeamRow& row) = 0;
    virtual void asset(const GraphAssetRow& row) = 0;
    // The active contract of an asset visited before (loadAll only; replaces the asset row's).
    virtual void activeContract(const GraphActiveContractRow& row) = 0;
    virtual void edge(const GraphEdgeRow& row) = 0;
    virtual void registration(const GraphRegistrationRow& row) = 0;
};

class GraphSource {
  public:
    // From `parallelFromEdges` edges on (the planner's estimate), loadAll reads the edges and
    // the registrations on connections of their own (store/background_copy.hpp).
    static constexpr size_t kDefaultParallelFromEdges = 50'000;
    explicit GraphSource(std::string connectionString,
                         size_t parallelFromEdges = kDefaultParallelFromEdges);
    ~GraphSource();

    // Every team, asset, edge and registration on an active contract, in that order, from one
    // REPEATABLE READ snapshot; returns the graph generation of that snapshot. Assets come
    // without their active contract; each asset's is visited after all assets, before the edges
    // (one lookup per contract instead of one per asset).
    int64_t loadAll(GraphRowVisitor& visitor);

    // The current rows for the given ids (assets with their upstream edges; registrations;
    // teams) in one snapshot. Ids that no longer exist are simply not visited.
    void loadRows(const std::vector<std::string>& assetIds,
                  const std::vector<std::string>& registrationIds,
                  const std::vector<std::string>& teamIds, GraphRowVisitor& visitor);

    int64_t currentGeneration();

    // Opens the connection now if it is not open (otherwise the first read opens it).
    void connect() { connection(); }

  private:
    LibpqConnection& connection();
    int64_t loadAllFrom(LibpqConnection& db, GraphRowVisitor& visitor, bool parallel);

    std::string connectionString_;
    size_t parallelFromEdges_;
    std::unique_ptr<LibpqConnection> connection_;
};

}  // namespace tessera::store
