// The reads of Marquez's lineage graph (GET /api/v1/lineage, issue 20), each one statement for
// the whole graph: the assets the index walk reached, the edges among them with the jobs that
// claim them (migration 006), and the jobs' rows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/openlineage_writes.hpp"

namespace tessera::store {

// What a dataset node shows of an asset.
struct LineageAssetRow {
    std::string id;
    std::string fqn;
    std::optional<std::string> openLineageJson;  // metadata.openlineage, as stored
    std::optional<std::string> columnsJson;      // metadata.columns, as stored
    std::optional<std::string> description;      // metadata.description when a string
    int64_t createdAt = 0;                       // epoch µs
    bool deleted = false;
};

// An edge dependent → dependency, once per job claiming it (no job: a claim-less edge, made by
// hand or by a dbt sync).
struct LineageEdgeRow {
    std::string dependentId;
    std::string dependencyId;
    std::optional<OpenLineageJobKey> job;
};

class LineageGraphReads {
  public:
    explicit LineageGraphReads(DbSession& db) : db_(db) {}

    // Soft-deleted ones too; unknown ids are left out.
    std::vector<LineageAssetRow> assets(const std::vector<std::string>& ids);
    // Every edge whose two ends are among `ids`.
    std::vector<LineageEdgeRow> edgesAmong(const std::vector<std::string>& ids);
    // The jobs of `jobs` that have a row, with the eventTime of their latest COMPLETE (epoch µs).
    std::map<OpenLineageJobKey, std::optional<int64_t>> jobs(
        const std::vector<OpenLineageJobKey>& jobs);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
