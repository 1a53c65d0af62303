#include "store/web_page_subjects.hpp"

#include "store/db_session_exec.hpp"
#include "store/result_rows.hpp"

namespace tessera::store {
namespace {

const Statement kUser{"web_subject_user",
                      "SELECT name FROM core.users WHERE id = $1 AND deactivated_at IS NULL"};
const Statement kTeam{"web_subject_team",
                      "SELECT name FROM core.teams WHERE id = $1 AND deleted_at IS NULL"};
const Statement kAsset{"web_subject_asset",
                       "SELECT fqn FROM core.assets WHERE id = $1 AND deleted_at IS NULL"};
const Statement kContract{"web_subject_contract",
                          "SELECT a.fqn || ' ' || c.version FROM core.contracts c"
                          " JOIN core.assets a ON a.id = c.asset_id WHERE c.id = $1"};
const Statement kProposal{"web_subject_proposal",
                          "SELECT a.fqn FROM workflow.proposals p"
                          " JOIN core.assets a ON a.id = p.asset_id WHERE p.id = $1"};

const Statement& statementFor(PageSubject subject) {
    switch (subject) {
        case PageSubject::User:
            return kUser;
        case PageSubject::Team:
            return kTeam;
        case PageSubject::Asset:
            return kAsset;
        case PageSubject::Contract:
            return kContract;
        case PageSubject::Proposal:
            break;
    }
    return kProposal;
}

}  // namespace

std::optional<std::string> pageSubjectName(DbSession& db, PageSubject subject,
                                           const std::string& id) {
    const Statement& statement = statementFor(subject);
    return optionalRecord(db.exec(statement, id), statement.name,
                          [](const pqxx::row& row) { return row[0].as<std::string>(); });
}

}  // namespace tessera::store
