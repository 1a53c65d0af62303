#include "store/db_session.hpp"

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

DbSession::~DbSession() {
    try {
        rollback();
    } catch (...) {
        // Destructors must not throw; a failed rollback means the connection is gone anyway.
    }
}

pqxx::work& DbSession::transaction() {
    if (transaction_) return *transaction_;
    // A pooled connection may have died while idle (Postgres restarted): retry BEGIN once on a
    // fresh connection before reporting the database as unavailable.
    for (int attempt = 0;; ++attempt) {
        lease_.emplace(pool_.acquire());
        try {
            transaction_ = std::make_unique<pqxx::work>(lease_->connection());
            return *transaction_;
        } catch (const std::exception& error) {
            const bool lost = ConnectionPool::connectionLost(error, lease_->connection());
            lease_->markBroken();
            lease_.reset();
            if (lost) pool_.discardIdle();
            if (!lost || attempt >= 1) {
                throw core::ServiceUnavailable(std::string("database unavailable: ") +
                                               error.what());
            }
        }
    }
}

void DbSession::prepare(const Statement& statement) {
    PooledConnection& pooled = lease_->pooled();
    if (pooled.preparedStatements.insert(statement.name).second) {
        pooled.connection->prepare(statement.name, statement.sql);
    }
}

void DbSession::handleFailure(const std::exception& error) {
    if (isConnectionFailure(error) || (lease_ && !lease_->connection().is_open())) {
        if (lease_) lease_->markBroken();
        pool_.discardIdle();
        throw core::ServiceUnavailable(std::string("database unavailable: ") + error.what());
    }
    if (const auto* unique = dynamic_cast<const pqxx::unique_violation*>(&error)) {
        throw UniqueViolation(constraintName(*unique), unique->what());
    }
    throw;
}

pqxx::result DbSession::execRaw(const std::string& sql) {
    pqxx::work& tx = transaction();
    try {
        return tx.exec(sql);
    } catch (const std::exception& error) {
        handleFailure(error);
    }
}

void DbSession::commit() {
    if (transaction_) {
        try {
            transaction_->commit();
        } catch (const std::exception& error) {
            afterCommit_.clear();
            // Hand the failure over while the lease still says whether the connection is gone.
            transaction_.reset();
            handleFailure(error);
        }
        transaction_.reset();
        lease_.reset();
    }
    auto actions = std::move(afterCommit_);
    afterCommit_.clear();
    for (auto& action : actions) action();
}

void DbSession::rollback() {
    afterCommit_.clear();
    if (transaction_) {
        try {
            transaction_->abort();
        } catch (const std::exception&) {
            if (lease_) lease_->markBroken();
        }
        transaction_.reset();
    }
    lease_.reset();
}

}  // namespace tessera::store
