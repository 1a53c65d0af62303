// SQL for proposals and their acknowledgments (spec 03 §8–§9).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db_session.hpp"
#include "store/records.hpp"

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
    // Kept when the asset's guarantee_mode is strict and published with the proposal.
    std::optional<std::string> proposedGuaranteesJson;
    std::string guaranteeChangesJson = "[]";  // the guarantee diff's records (03 §6.2)
};

struct ProposalInsert {
    std::string assetId;
    std::string proposedSchemaJson;
    std::string changeType;
    std::string breakingChangesJson;
    std::string proposedBy;
    std::optional<std::string> proposedByUserId;
    std::optional<std::string> proposedGuaranteesJson;
    std::optional<std::string> guaranteeChangesJson;  // null: none
};

struct ProposalFilter {
    std::optional<std::string> assetId;
    std::optional<std::string> status;
    std::optional<std::string> proposedBy;
};

// GET /proposals item (03 §9.3): the counts are live values.
struct ProposalListRow {
    ProposalRecord proposal;
    std::optional<std::string> assetFqn;
    int64_t breakingChangesCount = 0;
    int64_t acknowledgmentCount = 0;
    int64_t totalConsumers = 0;  // active registrations on the asset's current contract
};

struct AcknowledgmentRecord {
    std::string id;
    std::string proposalId;
    std::string consumerTeamId;
    std::optional<std::string> acknowledgedByUserId;
    std::string response;  // approved / blocked / migrating
    std::optional<int64_t> migrationDeadline;
    std::optional<std::string> notes;
    int64_t respondedAt = 0;
};

struct AcknowledgmentInsert {
    std::string proposalId;
    std::string consumerTeamId;
    std::optional<std::string> acknowledgedByUserId;
    std::string response;
    std::optional<int64_t> migrationDeadline;
    std::optional<std::string> notes;
};

// An acknowledgment with the names /status shows (unknown team → no name).
struct AcknowledgmentRow {
    AcknowledgmentRecord acknowledgment;
    std::optional<std::string> consumerTeamName;
    std::optional<std::string> acknowledgedByUserName;
};

class ProposalRepository {
  public:
    explicit ProposalRepository(DbSession& db) : db_(db) {}

    // A new pending proposal, proposed now.
    ProposalRecord insert(const ProposalInsert& proposal);
    std::optional<ProposalRecord> find(const std::string& id);
    // The proposal locked until commit: state transitions of one proposal run one at a time.
    std::optional<ProposalRecord> lock(const std::string& id);
    // Leaves `pending` for `status`, resolved now. Callers hold the row's lock (lock()), so it
    // cannot vanish in between; if it is missing all the same, UnexpectedResult.
    ProposalRecord resolve(const std::string& id, const std::string& status);
    PageOf<ProposalListRow> list(const ProposalFilter& filter, int limit, int64_t offset);

    // Throws UniqueViolation when the team already acknowledged this proposal.
    AcknowledgmentRecord insertAcknowledgment(const AcknowledgmentInsert& acknowledgment);
    // Oldest first.
    std::vector<AcknowledgmentRow> acknowledgments(const std::string& proposalId);

    // Names of a team and a user (deleted and deactivated ones included), for /status.
    struct Names {
        std::optional<std::string> teamName;
        std::optional<std::string> userName;
    };
    Names namesOf(const std::string& teamId, const std::optional<std::string>& userId);

  private:
    DbSession& db_;
};

}  // namespace tessera::store
