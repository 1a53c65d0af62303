#include "store/proposal_repository.hpp"

#include "store/field_values.hpp"

namespace tessera::store {
namespace {

#define PROPOSAL_COLUMNS                                                                     \
    "p.id::text, p.asset_id::text, p.proposed_schema::text, p.change_type, "                 \
    "p.breaking_changes::text, p.status, p.proposed_by::text, p.proposed_by_user_id::text, " \
    "core.epoch_us(p.proposed_at), core.epoch_us(p.resolved_at)"

const Statement kInsert{
    "proposal_insert",
    "INSERT INTO workflow.proposals AS p (asset_id, proposed_schema,"
    " change_type, breaking_changes, proposed_by, proposed_by_user_id)"
    " VALUES ($1, $2::json, $3, $4::jsonb, $5, $6) RETURNING " PROPOSAL_COLUMNS};
const Statement kFind{"proposal_find",
                      "SELECT " PROPOSAL_COLUMNS " FROM workflow.proposals p WHERE p.id = $1"};

#undef PROPOSAL_COLUMNS

ProposalRecord toProposal(const pqxx::row& row) {
    return ProposalRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                          row[2].as<std::string>(), row[3].as<std::string>(),
                          row[4].as<std::string>(), row[5].as<std::string>(),
                          row[6].as<std::string>(), nullableText(row[7]),
                          row[8].as<int64_t>(),     nullableInt64(row[9])};
}

}  // namespace

ProposalRecord ProposalRepository::insert(const ProposalInsert& proposal) {
    return toProposal(db_.exec(kInsert, proposal.assetId, proposal.proposedSchemaJson,
                               proposal.changeType, proposal.breakingChangesJson,
                               proposal.proposedBy, proposal.proposedByUserId)[0]);
}

std::optional<ProposalRecord> ProposalRepository::find(const std::string& id) {
    const pqxx::result result = db_.exec(kFind, id);
    if (result.empty()) return std::nullopt;
    return toProposal(result[0]);
}

}  // namespace tessera::store
