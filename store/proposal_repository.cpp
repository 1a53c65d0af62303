#include "store/proposal_repository.hpp"

#include "store/db_session_exec.hpp"
#include "store/field_values.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

#define PROPOSAL_COLUMNS                                                                     \
    "p.id::text, p.asset_id::text, p.proposed_schema::text, p.change_type, "                 \
    "p.breaking_changes::text, p.status, p.proposed_by::text, p.proposed_by_user_id::text, " \
    "core.epoch_us(p.proposed_at), core.epoch_us(p.resolved_at), "                           \
    "p.proposed_guarantees::text, p.guarantee_changes::text"
#define ACKNOWLEDGMENT_COLUMNS                                                           \
    "k.id::text, k.proposal_id::text, k.consumer_team_id::text, "                        \
    "k.acknowledged_by_user_id::text, k.response, core.epoch_us(k.migration_deadline), " \
    "k.notes, core.epoch_us(k.responded_at)"
// Filters of GET /proposals; absent ones are NULL parameters.
#define LIST_FILTER                                \
    " WHERE ($1::uuid IS NULL OR p.asset_id = $1)" \
    " AND ($2::text IS NULL OR p.status = $2)"     \
    " AND ($3::uuid IS NULL OR p.proposed_by = $3)"

const Statement kInsert{"proposal_insert",
                        "INSERT INTO workflow.proposals AS p (asset_id, proposed_schema,"
                        " change_type, breaking_changes, proposed_by, proposed_by_user_id,"
                        " proposed_guarantees, guarantee_changes)"
                        " VALUES ($1, $2::json, $3, $4::json, $5, $6, $7::jsonb,"
                        " coalesce($8::jsonb, '[]'::jsonb)) RETURNING " PROPOSAL_COLUMNS};
const Statement kFind{"proposal_find",
                      "SELECT " PROPOSAL_COLUMNS " FROM workflow.proposals p WHERE p.id = $1"};
const Statement kLock{"proposal_lock", "SELECT " PROPOSAL_COLUMNS
                                       " FROM workflow.proposals p WHERE p.id = $1 FOR UPDATE"};
const Statement kResolve{"proposal_resolve",
                         "UPDATE workflow.proposals AS p SET status = $2, resolved_at = now()"
                         " WHERE p.id = $1 RETURNING " PROPOSAL_COLUMNS};
// total_consumers counts against the asset's current contract (the active one published
// last), like the affected-consumer rule of 03 §9.1.
const Statement kList{
    "proposal_list",
    "SELECT " PROPOSAL_COLUMNS
    // An operator's non-array breaking_changes counts none (json_array_length would fail the
    // whole list).
    ", a.fqn, CASE json_typeof(p.breaking_changes) WHEN 'array'"
    " THEN json_array_length(p.breaking_changes) ELSE 0 END,"
    " (SELECT count(*) FROM workflow.acknowledgments k WHERE k.proposal_id = p.id),"
    " (SELECT count(*) FROM core.registrations r WHERE r.status = 'active' AND r.contract_id ="
    "   (SELECT c.id FROM core.contracts c WHERE c.asset_id = p.asset_id AND c.status = 'active'"
    "    ORDER BY c.published_at DESC, c.id DESC LIMIT 1))"
    " FROM workflow.proposals p LEFT JOIN core.assets a ON a.id = p.asset_id" LIST_FILTER
    " ORDER BY p.proposed_at DESC, p.id DESC LIMIT $4 OFFSET $5"};
const Statement kCount{"proposal_count", "SELECT count(*) FROM workflow.proposals p" LIST_FILTER};
const Statement kInsertAcknowledgment{
    "acknowledgment_insert",
    "INSERT INTO workflow.acknowledgments AS k (proposal_id, consumer_team_id,"
    " acknowledged_by_user_id, response, migration_deadline, notes)"
    " VALUES ($1, $2, $3, $4, timestamptz 'epoch' + $5::int8 * interval '1 microsecond', $6)"
    " RETURNING " ACKNOWLEDGMENT_COLUMNS};
const Statement kAcknowledgments{"acknowledgment_list_for_proposal",
                                 "SELECT " ACKNOWLEDGMENT_COLUMNS
                                 ", t.name, u.name FROM workflow.acknowledgments k"
                                 " LEFT JOIN core.teams t ON t.id = k.consumer_team_id"
                                 " LEFT JOIN core.users u ON u.id = k.acknowledged_by_user_id"
                                 " WHERE k.proposal_id = $1 ORDER BY k.responded_at, k.id"};

const Statement kNames{"proposal_names",
                       "SELECT (SELECT name FROM core.teams WHERE id = $1),"
                       " (SELECT name FROM core.users WHERE id = $2::uuid)"};

#undef LIST_FILTER
#undef ACKNOWLEDGMENT_COLUMNS
#undef PROPOSAL_COLUMNS

ProposalRecord toProposal(const pqxx::row& row) {
    return ProposalRecord{
        row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
        row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
        row[6].as<std::string>(), nullableText(row[7]),     row[8].as<int64_t>(),
        nullableInt64(row[9]),    nullableText(row[10]),    row[11].as<std::string>()};
}

AcknowledgmentRecord toAcknowledgment(const pqxx::row& row) {
    return AcknowledgmentRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                                row[2].as<std::string>(), nullableText(row[3]),
                                row[4].as<std::string>(), nullableInt64(row[5]),
                                nullableText(row[6]),     row[7].as<int64_t>()};
}

}  // namespace

ProposalRecord ProposalRepository::insert(const ProposalInsert& proposal) {
    return toProposal(onlyRow(
        db_.exec(kInsert, proposal.assetId, proposal.proposedSchemaJson, proposal.changeType,
                 proposal.breakingChangesJson, proposal.proposedBy, proposal.proposedByUserId,
                 proposal.proposedGuaranteesJson, proposal.guaranteeChangesJson),
        kInsert.name));
}

std::optional<ProposalRecord> ProposalRepository::find(const std::string& id) {
    return optionalRecord(db_.exec(kFind, id), kFind.name, toProposal);
}

std::optional<ProposalRecord> ProposalRepository::lock(const std::string& id) {
    return optionalRecord(db_.exec(kLock, id), kLock.name, toProposal);
}

ProposalRecord ProposalRepository::resolve(const std::string& id, const std::string& status) {
    return toProposal(onlyRow(db_.exec(kResolve, id, status), kResolve.name));
}

PageOf<ProposalListRow> ProposalRepository::list(const ProposalFilter& filter, int limit,
                                                 int64_t offset) {
    PageOf<ProposalListRow> page;
    for (const auto& row :
         db_.exec(kList, filter.assetId, filter.status, filter.proposedBy, limit, offset)) {
        page.rows.push_back(ProposalListRow{toProposal(row), nullableText(row[12]),
                                            row[13].as<int64_t>(), row[14].as<int64_t>(),
                                            row[15].as<int64_t>()});
    }
    page.total = onlyValue<int64_t>(
        db_.exec(kCount, filter.assetId, filter.status, filter.proposedBy), kCount.name);
    return page;
}

AcknowledgmentRecord ProposalRepository::insertAcknowledgment(
    const AcknowledgmentInsert& acknowledgment) {
    return toAcknowledgment(onlyRow(
        db_.exec(kInsertAcknowledgment, acknowledgment.proposalId, acknowledgment.consumerTeamId,
                 acknowledgment.acknowledgedByUserId, acknowledgment.response,
                 acknowledgment.migrationDeadline, acknowledgment.notes),
        kInsertAcknowledgment.name));
}

std::vector<AcknowledgmentRow> ProposalRepository::acknowledgments(const std::string& proposalId) {
    std::vector<AcknowledgmentRow> rows;
    for (const auto& row : db_.exec(kAcknowledgments, proposalId)) {
        rows.push_back(
            AcknowledgmentRow{toAcknowledgment(row), nullableText(row[8]), nullableText(row[9])});
    }
    return rows;
}

ProposalRepository::Names ProposalRepository::namesOf(const std::string& teamId,
                                                      const std::optional<std::string>& userId) {
    const pqxx::row row = onlyRow(db_.exec(kNames, teamId, userId), kNames.name);
    return Names{nullableText(row[0]), nullableText(row[1])};
}

}  // namespace tessera::store
