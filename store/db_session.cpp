#include "store/db_session.hpp"

#include <optional>
#include <pqxx/pqxx>

#include "core/errors.hpp"
#include "store/connection_pool.hpp"

namespace tessera::store {
namespace {

// libpqxx 6 does not expose the violated constraint; the message names it in quotes.
std::string constraintName(const pqxx::sql_error& error) {
    const std::string text = error.what();
    const size_t marker = text.find("constraint \"");
    if (marker == std::string::npos) return {};
    const size_t start = marker + 12;
    const size_t end = text.find('"', start);
    return end == std::string::npos ? std::string() : text.substr(start, end - start);
}

}  // namespace

struct DbSession::Open {
    explicit Open(ConnectionPool::Lease lease) : lease(std::move(lease)) {}
    ConnectionPool::Lease lease;
    // null until BEGIN succeeded; pqxx::work on the primary, pqxx::read_transaction on a replica
    std::unique_ptr<pqxx::dbtransaction> transaction;
};

DbSession::DbSession(ConnectionPool& pool) : pool_(pool) {}

bool DbSession::inTransaction() const {
    return open_ && open_->transaction;
}

DbSession::~DbSession() {
    try {
        rollback();
    } catch (...) {
        // Destructors must not throw; a failed rollback means the connection is gone anyway.
    }
}

bool DbSession::usePrimary() {
    if (onReplica()) return false;
    replica_ = nullptr;
    return true;
}

bool DbSession::openOnReplica() {
    // As on the primary: an idle connection may have died with a replica restart, so BEGIN is
    // tried once more on a fresh connection before the primary takes over.
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            auto open = std::make_unique<Open>(replica_->acquire());
            try {
                open->transaction =
                    std::make_unique<pqxx::read_transaction>(open->lease.connection());
                open_ = std::move(open);
                openedOnReplica_ = true;
                return true;
            } catch (const std::exception& error) {
                const bool lost = ConnectionPool::connectionLost(error, open->lease.connection());
                open->lease.markBroken();
                if (!lost) break;
                replica_->discardIdle();
            }
        } catch (const std::exception&) {
            break;  // refused: down, restarting, or out of connections
        }
    }
    replicaRefused_ = true;
    replica_ = nullptr;
    return false;
}

pqxx::dbtransaction& DbSession::transaction() {
    if (inTransaction()) return *open_->transaction;
    if (replica_ && openOnReplica()) return *open_->transaction;
    openedOnReplica_ = false;
    // A pooled connection may have died while idle (Postgres restarted): retry BEGIN once on a
    // fresh connection before reporting the database as unavailable.
    for (int attempt = 0;; ++attempt) {
        open_ = std::make_unique<Open>(pool_.acquire());
        try {
            open_->transaction = std::make_unique<pqxx::work>(open_->lease.connection());
            return *open_->transaction;
        } catch (const std::exception& error) {
            const bool lost = ConnectionPool::connectionLost(error, open_->lease.connection());
            open_->lease.markBroken();
            open_.reset();
            if (lost) pool_.discardIdle();
            if (!lost || attempt >= 1) {
                throw core::ServiceUnavailable(std::string("database unavailable: ") +
                                               error.what());
            }
        }
    }
}

void DbSession::prepare(const Statement& statement) {
    PooledConnection& pooled = open_->lease.pooled();
    if (pooled.preparedStatements.insert(statement.name).second) {
        pooled.connection->prepare(statement.name, statement.sql);
    }
}

void DbSession::handleFailure(const std::exception& error) {
    const bool lost = isConnectionFailure(error) || (open_ && !open_->lease.connection().is_open());
    if (openedOnReplica_ && open_) {
        // 25006: the statement writes, which a standby never allows.
        const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
        if (lost || (sql && sql->sqlstate() == "25006")) {
            if (lost) {
                open_->lease.markBroken();
                replica_->discardIdle();
            }
            throw ReplicaUnavailable(std::string("read replica: ") + error.what());
        }
    }
    if (lost) {
        if (open_) open_->lease.markBroken();
        pool_.discardIdle();
        throw core::ServiceUnavailable(std::string("database unavailable: ") + error.what());
    }
    // 55P03: a lock not granted within lock_timeout (App: DB_LOCK_TIMEOUT_MS) — the database is
    // busy, not broken: a 503 the client retries, the connection kept.
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
        sql && sql->sqlstate() == "55P03") {
        throw core::ServiceUnavailable(std::string("database busy: ") + error.what());
    }
    if (const auto* unique = dynamic_cast<const pqxx::unique_violation*>(&error)) {
        throw UniqueViolation(constraintName(*unique), unique->what());
    }
    if (dynamic_cast<const pqxx::foreign_key_violation*>(&error) ||
        dynamic_cast<const pqxx::transaction_rollback*>(&error)) {
        throw ConcurrentChange(error.what());
    }
    throw;
}

pqxx::result DbSession::execRaw(const std::string& sql) {
    pqxx::dbtransaction& tx = transaction();
    try {
        return tx.exec(sql);
    } catch (const std::exception& error) {
        handleFailure(error);
    }
}

void DbSession::commit() {
    if (inTransaction()) {
        try {
            open_->transaction->commit();
        } catch (const std::exception& error) {
            afterCommit_.clear();
            // Hand the failure over while the lease still says whether the connection is gone.
            open_->transaction.reset();
            handleFailure(error);
        }
        open_.reset();
    }
    auto actions = std::move(afterCommit_);
    afterCommit_.clear();
    for (auto& action : actions) action();
}

void DbSession::rollback() {
    afterCommit_.clear();
    if (inTransaction()) {
        try {
            open_->transaction->abort();
        } catch (const std::exception&) {
            open_->lease.markBroken();
        }
    }
    open_.reset();
}

}  // namespace tessera::store
