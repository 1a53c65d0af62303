// The dbt syncs that write (spec 04 §4.5–§4.6, issue 15): assets from a manifest's models,
// seeds, snapshots and sources, their contracts, registrations and proposals, and — beyond the
// original — the lineage edges of their `depends_on`. Everything a sync writes is batched: a
// few statements for the whole manifest, one graph change (one generation bump, one NOTIFY).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dbt_manifest.hpp"
#include "server/http/request_context.hpp"

namespace tessera::server::services {

// The edges of one sync: `created` new, `removed` (edges an earlier sync of the same project
// made that the manifest no longer has), `unchanged` (wanted and present, however made).
struct DbtEdgeCounts {
    size_t created = 0;
    size_t removed = 0;
    size_t unchanged = 0;
};

// Which sync made an edge: "dbt:<project>", the project from the manifest's metadata
// (project_id, else project_name; "" without either, and then a sync removes only edges
// whose dependent is one of its manifest's assets).
std::string dbtSyncSource(const rapidjson::Value& manifest);

struct DbtSyncResult {
    size_t created = 0;
    size_t updated = 0;
    DbtEdgeCounts edges;
};

// POST /sync/dbt (04 §4.5): metadata replaced on existing assets, new ones owned by
// `ownerTeamId`. 404 TEAM_NOT_FOUND when an asset is to be created for a team that does not
// exist.
DbtSyncResult syncDbtManifest(RequestContext& context, const core::DbtManifest& manifest,
                              const std::string& ownerTeamId, const std::string& syncSource);

struct DbtUploadOptions {
    std::optional<std::string> ownerTeamId;
    std::string conflictMode = "ignore";  // ignore, overwrite, fail
    bool autoPublishContracts = false;
    bool autoCreateProposals = false;
    bool autoRegisterConsumers = false;
    bool inferConsumersFromRefs = true;
};

struct DbtProposalDetail {
    std::string proposalId;
    std::string assetId;
    std::string assetFqn;
    std::string changeType;
    size_t breakingChangesCount = 0;
};

struct DbtUploadResult {
    size_t created = 0;
    size_t updated = 0;
    size_t skipped = 0;
    size_t contractsPublished = 0;
    size_t registrationsCreated = 0;
    size_t guaranteesExtracted = 0;            // processed entries with test-derived guarantees
    std::vector<DbtProposalDetail> proposals;  // all of them
    std::vector<std::string> ownershipWarnings;
    std::vector<std::string> contractWarnings;
    std::vector<std::string> registrationWarnings;
    DbtEdgeCounts edges;
};

// POST /sync/dbt/upload (04 §4.6). In `fail` mode any existing FQN is 409 with the first 20
// conflicts in error.details.conflicts, before anything is written.
DbtUploadResult uploadDbtManifest(RequestContext& context, const core::DbtManifest& manifest,
                                  const DbtUploadOptions& options, const std::string& syncSource);

}  // namespace tessera::server::services
