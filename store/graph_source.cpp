#include "store/graph_source.hpp"

#include <pqxx/pqxx>
#include <pqxx/stream_from>

#include "store/copy_text.hpp"
#include "store/records.hpp"

namespace tessera::store {
namespace {

// The active contract is the newest `active` one (02 §1 "current contract"), ties broken as
// ContractRepository::current() breaks them.
#define ACTIVE_CONTRACT                                                                        \
    "(SELECT c.id::text FROM core.contracts c WHERE c.asset_id = a.id AND c.status = 'active'" \
    " ORDER BY c.published_at DESC, c.id DESC LIMIT 1)"

const char* kAllTeams = "SELECT t.id::text, t.name FROM core.teams t";
// Whole-table load: one pass over the active contracts joined in (measured 2x faster at 100k
// assets than the per-asset subquery used for single rows below).
const char* kAllAssets =
    "SELECT a.id::text, a.fqn, a.owner_team_id::text, a.deleted_at IS NOT NULL, c.id::text"
    " FROM core.assets a LEFT JOIN (SELECT DISTINCT ON (asset_id) asset_id, id"
    "   FROM core.contracts WHERE status = 'active'"
    "   ORDER BY asset_id, published_at DESC, id DESC) c ON c.asset_id = a.id";
const char* kAllEdges =
    "SELECT d.dependent_asset_id::text, d.dependency_asset_id::text, d.dependency_type"
    " FROM core.dependencies d";
const char* kActiveRegistrations =
    "SELECT r.id::text, r.contract_id::text, r.consumer_team_id::text, r.status, r.pinned_version"
    " FROM core.registrations r JOIN core.contracts c ON c.id = r.contract_id"
    " WHERE c.status = 'active' ORDER BY r.registered_at, r.id";

const char* kAssetsById =
    "SELECT a.id::text, a.fqn, a.owner_team_id::text, a.deleted_at IS NOT NULL, " ACTIVE_CONTRACT
    " FROM core.assets a WHERE a.id = ANY($1::uuid[])";
const char* kEdgesByDependent =
    "SELECT d.dependent_asset_id::text, d.dependency_asset_id::text, d.dependency_type"
    " FROM core.dependencies d WHERE d.dependent_asset_id = ANY($1::uuid[])";
const char* kRegistrationsById =
    "SELECT r.id::text, r.contract_id::text, r.consumer_team_id::text, r.status, r.pinned_version"
    " FROM core.registrations r WHERE r.id = ANY($1::uuid[]) ORDER BY r.registered_at, r.id";
const char* kTeamsById = "SELECT t.id::text, t.name FROM core.teams t WHERE t.id = ANY($1::uuid[])";

#undef ACTIVE_CONTRACT

std::string_view view(const pqxx::field& field) {
    return {field.c_str(), field.size()};
}

std::optional<std::string_view> optionalView(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return view(field);
}

void visitTeam(GraphRowVisitor& visitor, const pqxx::row& row) {
    visitor.team({view(row[0]), view(row[1])});
}
void visitAsset(GraphRowVisitor& visitor, const pqxx::row& row) {
    visitor.asset(
        {view(row[0]), view(row[1]), view(row[2]), row[3].as<bool>(), optionalView(row[4])});
}
void visitEdge(GraphRowVisitor& visitor, const pqxx::row& row) {
    visitor.edge({view(row[0]), view(row[1]), view(row[2])});
}
void visitRegistration(GraphRowVisitor& visitor, const pqxx::row& row) {
    visitor.registration(
        {view(row[0]), view(row[1]), view(row[2]), view(row[3]), optionalView(row[4])});
}

// The whole-table queries go through COPY (text format), several times faster than a cursor
// (100k assets: 718 ms through cursors of 20,000 rows).
template <typename Visit>
void copyRows(pqxx::transaction_base& tx, const char* query, size_t columns, Visit visit) {
    pqxx::stream_from stream(tx, std::string("(") + query + ")");
    std::string line;
    CopyTextRow row;
    while (stream.get_raw_line(line)) {
        row.parse(line, columns);
        visit(row);
    }
    stream.complete();
}

bool copyBool(std::string_view text) {
    return text == "t";
}

}  // namespace

GraphSource::GraphSource(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

GraphSource::~GraphSource() = default;

pqxx::connection& GraphSource::connection() {
    if (!connection_ || !connection_->is_open()) {
        connection_.reset();
        connection_ = std::make_unique<pqxx::connection>(connectionString_);
    }
    return *connection_;
}

int64_t GraphSource::loadAll(GraphRowVisitor& visitor) {
    try {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection());
        const int64_t generation =
            tx.exec1("SELECT generation FROM core.graph_state WHERE id = 1")[0].as<int64_t>();
        copyRows(tx, kAllTeams, 2, [&](const CopyTextRow& row) {
            visitor.team({row.text(0), row.text(1)});
        });
        copyRows(tx, kAllAssets, 5, [&](const CopyTextRow& row) {
            visitor.asset(
                {row.text(0), row.text(1), row.text(2), copyBool(row.text(3)), row.field(4)});
        });
        copyRows(tx, kAllEdges, 3, [&](const CopyTextRow& row) {
            visitor.edge({row.text(0), row.text(1), row.text(2)});
        });
        copyRows(tx, kActiveRegistrations, 5, [&](const CopyTextRow& row) {
            visitor.registration(
                {row.text(0), row.text(1), row.text(2), row.text(3), row.field(4)});
        });
        tx.commit();
        return generation;
    } catch (...) {
        connection_.reset();  // reconnect next time
        throw;
    }
}

void GraphSource::loadRows(const std::vector<std::string>& assetIds,
                           const std::vector<std::string>& registrationIds,
                           const std::vector<std::string>& teamIds, GraphRowVisitor& visitor) {
    try {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection());
        if (!teamIds.empty()) {
            for (const auto& row : tx.exec_params(kTeamsById, uuidArrayLiteral(teamIds))) {
                visitTeam(visitor, row);
            }
        }
        if (!assetIds.empty()) {
            const std::string ids = uuidArrayLiteral(assetIds);
            for (const auto& row : tx.exec_params(kAssetsById, ids)) visitAsset(visitor, row);
            for (const auto& row : tx.exec_params(kEdgesByDependent, ids)) visitEdge(visitor, row);
        }
        if (!registrationIds.empty()) {
            for (const auto& row :
                 tx.exec_params(kRegistrationsById, uuidArrayLiteral(registrationIds))) {
                visitRegistration(visitor, row);
            }
        }
        tx.commit();
    } catch (...) {
        connection_.reset();
        throw;
    }
}

int64_t GraphSource::currentGeneration() {
    try {
        pqxx::nontransaction query(connection());
        return query.exec1("SELECT generation FROM core.graph_state WHERE id = 1")[0].as<int64_t>();
    } catch (...) {
        connection_.reset();
        throw;
    }
}

}  // namespace tessera::store
