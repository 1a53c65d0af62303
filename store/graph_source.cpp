#include "store/graph_source.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "store/background_copy.hpp"
#include "store/db_session_exec.hpp"
#include "store/libpq_connection.hpp"
#include "store/records.hpp"
#include "store/sql_text.hpp"

namespace tessera::store {
namespace {

// The whole-table reads are plain scans: joins, DISTINCT ON and ORDER BY over a million rows
// cost Postgres more than the scans themselves (1M assets: 1.21 s for the assets joined with
// their newest active contract against 0.25 s + 0.08 s for the two scans; registrations ordered
// and joined 1.0 s against 0.2 s), so the newest active contract per asset, the filter to
// active contracts and the registration order are worked out here instead.
// Thrown by loadAllFrom before it has visited anything: the parallel read could not start.
struct ParallelReadUnavailable {};

const char* kGeneration = "SELECT generation FROM core.graph_state WHERE id = 1";
// Planner estimates, -1 for a table never analysed.
const char* kSizeEstimate =
    "SELECT (SELECT reltuples FROM pg_class WHERE oid = 'core.assets'::regclass)::int8,"
    " (SELECT reltuples FROM pg_class WHERE oid = 'core.dependencies'::regclass)::int8,"
    " (SELECT reltuples FROM pg_class WHERE oid = 'core.contracts'::regclass)::int8,"
    " (SELECT reltuples FROM pg_class WHERE oid = 'core.registrations'::regclass)::int8";
const char* kAllTeams = "SELECT t.id, t.name FROM core.teams t";
const char* kActiveContracts =
    "SELECT c.asset_id, c.id, c.published_at FROM core.contracts c WHERE c.status = 'active'";
const char* kAllAssets =
    "SELECT a.id, a.fqn, a.owner_team_id, a.deleted_at IS NOT NULL FROM core.assets a";
const char* kAllEdges =
    "SELECT d.dependent_asset_id, d.dependency_asset_id, d.dependency_type,"
    " d.column_mappings::text FROM core.dependencies d";
const char* kAllRegistrations =
    "SELECT r.id, r.contract_id, r.consumer_team_id, r.status, r.pinned_version, r.registered_at"
    " FROM core.registrations r";

// The active contract is the newest `active` one (02 §1 "current contract"), ties broken as
// ContractRepository::current() breaks them: published_at DESC, id DESC.
const char* kAssetsById =
    "SELECT a.id, a.fqn, a.owner_team_id, a.deleted_at IS NOT NULL,"
    " (SELECT c.id FROM core.contracts c WHERE c.asset_id = a.id AND c.status = 'active'"
    "  ORDER BY c.published_at DESC, c.id DESC LIMIT 1)"
    " FROM core.assets a WHERE a.id = ANY($1::uuid[])";
const char* kEdgesByDependent =
    "SELECT d.dependent_asset_id, d.dependency_asset_id, d.dependency_type,"
    " d.column_mappings::text FROM core.dependencies d"
    " WHERE d.dependent_asset_id = ANY($1::uuid[])";
const char* kRegistrationsById =
    "SELECT r.id, r.contract_id, r.consumer_team_id, r.status, r.pinned_version"
    " FROM core.registrations r WHERE r.id = ANY($1::uuid[]) ORDER BY r.registered_at, r.id";
const char* kTeamsById = "SELECT t.id, t.name FROM core.teams t WHERE t.id = ANY($1::uuid[])";

std::string_view text(const BinaryFields& fields, size_t index) {
    if (!fields[index]) throw std::runtime_error("unexpected NULL in an index row");
    return *fields[index];
}
core::Uuid uuid(const BinaryFields& fields, size_t index) {
    return binaryUuid(text(fields, index));
}
std::optional<core::Uuid> optionalUuid(const BinaryFields& fields, size_t index) {
    if (!fields[index]) return std::nullopt;
    return binaryUuid(*fields[index]);
}

void visitTeam(GraphRowVisitor& visitor, const BinaryFields& row) {
    visitor.team({uuid(row, 0), text(row, 1)});
}
void visitEdge(GraphRowVisitor& visitor, const BinaryFields& row) {
    visitor.edge({uuid(row, 0), uuid(row, 1), text(row, 2), row[3]});
}

// The newest active contract of each asset, and every active contract (registrations count on
// any of them, as the single-row query above counts them).
class ActiveContracts {
  public:
    void add(const BinaryFields& row) {
        const core::Uuid asset = uuid(row, 0);
        const Newest candidate{uuid(row, 1), binaryInt64(text(row, 2))};
        all_.insert(candidate.id);
        auto [it, inserted] = newest_.try_emplace(asset, candidate);
        if (!inserted && candidate.isNewerThan(it->second)) it->second = candidate;
    }
    void visitNewest(GraphRowVisitor& visitor) const {
        for (const auto& [asset, newest] : newest_) visitor.activeContract({asset, newest.id});
    }
    bool isActive(const core::Uuid& contract) const { return all_.count(contract) != 0; }

  private:
    struct Newest {
        core::Uuid id;
        int64_t publishedAt;
        bool isNewerThan(const Newest& other) const {
            return publishedAt != other.publishedAt ? publishedAt > other.publishedAt
                                                    : id > other.id;
        }
    };
    std::unordered_map<core::Uuid, Newest, core::UuidHash> newest_;
    std::unordered_set<core::Uuid, core::UuidHash> all_;
};

// Registrations on active contracts, held until all are read so they can be visited in
// registration order (registered_at, id): the order the index lists consumers in.
class OrderedRegistrations {
  public:
    void add(const BinaryFields& row) {
        Pending pending;
        pending.id = uuid(row, 0);
        pending.contractId = uuid(row, 1);
        pending.consumerTeamId = uuid(row, 2);
        pending.registeredAt = binaryInt64(text(row, 5));
        pending.textOffset = static_cast<uint32_t>(texts_.size());
        const std::string_view status = text(row, 3);
        pending.statusLength = static_cast<uint8_t>(std::min<size_t>(status.size(), 255));
        texts_.append(status.substr(0, pending.statusLength));
        if (row[4]) {
            pending.pinnedLength = static_cast<int16_t>(std::min<size_t>(row[4]->size(), 255));
            texts_.append(row[4]->substr(0, static_cast<size_t>(pending.pinnedLength)));
        }
        rows_.push_back(pending);
    }

    void visitInOrder(GraphRowVisitor& visitor) {
        std::sort(rows_.begin(), rows_.end(), [](const Pending& a, const Pending& b) {
            return a.registeredAt != b.registeredAt ? a.registeredAt < b.registeredAt : a.id < b.id;
        });
        const std::string_view texts(texts_);
        for (const Pending& row : rows_) {
            std::optional<std::string_view> pinned;
            if (row.pinnedLength >= 0) {
                pinned = texts.substr(row.textOffset + row.statusLength,
                                      static_cast<size_t>(row.pinnedLength));
            }
            visitor.registration({row.id, row.contractId, row.consumerTeamId,
                                  texts.substr(row.textOffset, row.statusLength), pinned});
        }
    }

  private:
    struct Pending {
        core::Uuid id;
        core::Uuid contractId;
        core::Uuid consumerTeamId;
        int64_t registeredAt = 0;
        uint32_t textOffset = 0;    // status, then the pinned version, in texts_
        int16_t pinnedLength = -1;  // -1: no pinned version
        uint8_t statusLength = 0;
    };
    std::vector<Pending> rows_;
    std::string texts_;  // status and pinned version (varchar(50)) of every row
};

}  // namespace

GraphSource::GraphSource(std::string connectionString, size_t parallelFromEdges)
    : connectionString_(std::move(connectionString)), parallelFromEdges_(parallelFromEdges) {}

GraphSource::~GraphSource() = default;

LibpqConnection& GraphSource::connection() {
    if (!connection_ || !connection_->isOpen()) {
        connection_.reset();
        connection_ = std::make_unique<LibpqConnection>(connectionString_);
    }
    return *connection_;
}

int64_t GraphSource::loadAll(GraphRowVisitor& visitor) {
    try {
        LibpqConnection& db = connection();
        try {
            return loadAllFrom(db, visitor, /*parallel=*/true);
        } catch (const ParallelReadUnavailable&) {
            db.execute("ROLLBACK");
            return loadAllFrom(db, visitor, /*parallel=*/false);
        }
    } catch (...) {
        connection_.reset();  // reconnect next time
        throw;
    }
}

int64_t GraphSource::loadAllFrom(LibpqConnection& db, GraphRowVisitor& visitor, bool parallel) {
    db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    int64_t generation = 0;
    db.query(kGeneration, {}, 1,
             [&](const BinaryFields& row) { generation = binaryInt64(text(row, 0)); });
    GraphSizeEstimate size;
    db.query(kSizeEstimate, {}, 4, [&](const BinaryFields& row) {
        auto count = [&](size_t i) {
            return static_cast<size_t>(std::max<int64_t>(0, binaryInt64(text(row, i))));
        };
        size = {count(0), count(1), count(2), count(3)};
    });

    // A large graph: the edges and the registrations are read on connections of their own, in
    // this transaction's snapshot, while this one reads the rest (see background_copy.hpp). A
    // small one is read here alone: two more connections would cost more than they save, and
    // the tests truncate and rebuild often. Should the others not start (no connection slots
    // left, say), the whole read starts again on this connection alone.
    std::unique_ptr<BackgroundCopy> edgeCopy;
    std::unique_ptr<BackgroundCopy> registrationCopy;
    if (parallel && size.edges >= parallelFromEdges_) {
        try {
            std::string snapshot;
            db.query("SELECT pg_export_snapshot()", {}, 1,
                     [&](const BinaryFields& row) { snapshot = std::string(text(row, 0)); });
            edgeCopy = std::make_unique<BackgroundCopy>(connectionString_, snapshot, kAllEdges);
            registrationCopy =
                std::make_unique<BackgroundCopy>(connectionString_, snapshot, kAllRegistrations);
        } catch (const std::exception&) {
            throw ParallelReadUnavailable{};
        }
        if (!edgeCopy->waitUntilStarted() || !registrationCopy->waitUntilStarted()) {
            throw ParallelReadUnavailable{};
        }
    }
    visitor.sizeEstimate(size);
    auto readEdges = [&](const LibpqConnection::RowVisitor& visit) {
        edgeCopy ? edgeCopy->consume(4, visit) : db.copyOut(kAllEdges, 4, visit);
    };
    auto readRegistrations = [&](const LibpqConnection::RowVisitor& visit) {
        registrationCopy ? registrationCopy->consume(6, visit)
                         : db.copyOut(kAllRegistrations, 6, visit);
    };

    db.copyOut(kAllTeams, 2, [&](const BinaryFields& row) { visitTeam(visitor, row); });
    db.copyOut(kAllAssets, 4, [&](const BinaryFields& row) {
        visitor.asset(
            {uuid(row, 0), text(row, 1), uuid(row, 2), binaryBool(text(row, 3)), std::nullopt});
    });
    ActiveContracts contracts;
    db.copyOut(kActiveContracts, 3, [&](const BinaryFields& row) { contracts.add(row); });
    contracts.visitNewest(visitor);
    readEdges([&](const BinaryFields& row) { visitEdge(visitor, row); });

    OrderedRegistrations registrations;
    readRegistrations([&](const BinaryFields& row) {
        if (contracts.isActive(uuid(row, 1))) registrations.add(row);
    });
    // The exporting transaction ends only now: the other connections imported its snapshot
    // when they began, and have finished.
    db.execute("COMMIT");
    registrations.visitInOrder(visitor);
    return generation;
}

void GraphSource::loadRows(const std::vector<std::string>& assetIds,
                           const std::vector<std::string>& registrationIds,
                           const std::vector<std::string>& teamIds, GraphRowVisitor& visitor) {
    try {
        // One snapshot for all of them, in one round trip (every write waits for this refresh
        // before it answers).
        std::vector<LibpqConnection::PipelinedQuery> queries;
        queries.push_back({"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}, 0, {}});
        if (!teamIds.empty()) {
            queries.push_back(
                {kTeamsById, {uuidArrayLiteral(teamIds)}, 2, [&](const BinaryFields& row) {
                     visitTeam(visitor, row);
                 }});
        }
        if (!assetIds.empty()) {
            const std::string ids = uuidArrayLiteral(assetIds);
            queries.push_back({kAssetsById, {ids}, 5, [&](const BinaryFields& row) {
                                   visitor.asset({uuid(row, 0), text(row, 1), uuid(row, 2),
                                                  binaryBool(text(row, 3)), optionalUuid(row, 4)});
                               }});
            queries.push_back({kEdgesByDependent, {ids}, 4, [&](const BinaryFields& row) {
                                   visitEdge(visitor, row);
                               }});
        }
        if (!registrationIds.empty()) {
            queries.push_back({kRegistrationsById,
                               {uuidArrayLiteral(registrationIds)},
                               5,
                               [&](const BinaryFields& row) {
                                   visitor.registration({uuid(row, 0), uuid(row, 1), uuid(row, 2),
                                                         text(row, 3), row[4]});
                               }});
        }
        queries.push_back({"COMMIT", {}, 0, {}});
        connection().pipeline(queries);
    } catch (...) {
        connection_.reset();
        throw;
    }
}

int64_t GraphSource::currentGeneration() {
    try {
        int64_t generation = 0;
        connection().query(kGeneration, {}, 1, [&](const BinaryFields& row) {
            generation = binaryInt64(text(row, 0));
        });
        return generation;
    } catch (...) {
        connection_.reset();
        throw;
    }
}

}  // namespace tessera::store
