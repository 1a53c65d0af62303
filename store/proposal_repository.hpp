// SQL for proposals (spec 03 §8). Only what publishing needs for now: creating the proposal a
// breaking publish leaves behind, and reading it back. The workflow (acknowledge, withdraw,
// force, publish) comes with its own endpoints.
#pragma once

#include <optional>
#include <string>

#include "store/db_session.hpp"

namespace tessera::store {

struct ProposalRecord {
    std::string id;
    std::string assetId;
    std::string proposedSchemaJson;
    std::string changeType;
    std::string breakingChangesJson;  // full change records (a JSON array)
    std::string status;
    std::string proposedBy;  // a team id
    std::optional<std::string> proposedByUserId;
    int64_t proposedAt = 0;
    std::optional<int64_t> resolvedAt;
};

struct ProposalInsert {
    std::string assetId;
    std::string proposedSchemaJson;
    std::string changeType;
    std::string breakingChangesJson;
    std::string proposedBy;
    std::optional<std::string> proposedByUserId;
};

class ProposalRepository {
  public:
    explicit ProposalRepository(DbSession& db) : db_(db) {}

    // A new pending proposal, proposed now.
    ProposalRecord insert(const ProposalInsert& proposal);
    std::optional<ProposalRecord> find(const std::string& id);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
