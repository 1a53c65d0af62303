#include "store/graph_source.hpp"

#include <pqxx/pqxx>

#include "store/records.hpp"

namespace tessera::store {
namespace {

constexpr int kCursorStride = 20000;

// The active contract is the newest `active` one (02 §1 "current contract").
#define ACTIVE_CONTRACT                                                                        \
    "(SELECT c.id::text FROM core.contracts c WHERE c.asset_id = a.id AND c.status = 'active'" \
    " ORDER BY c.published_at DESC, c.id LIMIT 1)"

const char* kAllTeams = "SELECT t.id::text, t.name FROM core.teams t";
const char* kAllAssets =
    "SELECT a.id::text, a.fqn, a.owner_team_id::text, a.deleted_at IS NOT NULL, " ACTIVE_CONTRACT
    " FROM core.assets a";
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

template <typename Visit>
void stream(pqxx::transaction_base& tx, const std::string& query, const std::string& name,
            GraphRowVisitor& visitor, Visit visit) {
    pqxx::icursorstream cursor(tx, query, name, kCursorStride);
    pqxx::result chunk;
    while (cursor >> chunk) {
        for (const auto& row : chunk) visit(visitor, row);
    }
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
        stream(tx, kAllTeams, "graph_teams", visitor, visitTeam);
        stream(tx, kAllAssets, "graph_assets", visitor, visitAsset);
        stream(tx, kAllEdges, "graph_edges", visitor, visitEdge);
        stream(tx, kActiveRegistrations, "graph_registrations", visitor, visitRegistration);
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
