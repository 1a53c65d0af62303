// One request, one Postgres transaction (spec 01 §1.6): opened on first use, committed by the
// server when the handler succeeded, rolled back otherwise. Statements are named constants that
// each connection prepares once.
//
// This header names no libpqxx type beyond a forward declaration, so code that only carries a
// session (handlers, services) does not compile libpqxx's headers. Repositories, which run
// statements and read their results, include store/db_session_exec.hpp.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace pqxx {
class result;
class dbtransaction;
}  // namespace pqxx

namespace tessera::store {

class ConnectionPool;

// A named, parameterised SQL statement. Names must be unique across the program.
struct Statement {
    const char* name;
    const char* sql;
};

class DbSession {
  public:
    explicit DbSession(ConnectionPool& pool);
    ~DbSession();
    DbSession(const DbSession&) = delete;
    DbSession& operator=(const DbSession&) = delete;

    // Runs a prepared statement in the request's transaction (defined in
    // store/db_session_exec.hpp). Connection failures become ServiceUnavailable (503),
    // unique-constraint violations UniqueViolation.
    template <typename... Args>
    pqxx::result exec(const Statement& statement, Args&&... args);

    // Ad-hoc SQL without parameters (locks, NOTIFY with constant payloads).
    pqxx::result execRaw(const std::string& sql);

    // Commits if a transaction was opened, then runs the after-commit actions.
    void commit();
    // Rolls back (also done by the destructor); after-commit actions are discarded.
    void rollback();

    // Work that must only happen once the data is durable (cache invalidation, index updates,
    // webhooks). Runs in registration order after a successful commit.
    void afterCommit(std::function<void()> action) { afterCommit_.push_back(std::move(action)); }

    bool inTransaction() const;

    // Lets this request's reads run on a streaming replica (DATABASE_REPLICA_URL): the
    // transaction, unless one is open already, is opened there as READ ONLY. A replica that
    // refuses the connection is noted (replicaRefused()) and the primary serves instead.
    void readFromReplica(ConnectionPool& replica) {
        if (!inTransaction()) replica_ = &replica;
    }
    // Back to the primary for what follows; false when a transaction is already open on the
    // replica (its reads must stay in that one snapshot).
    bool usePrimary();
    bool onReplica() const { return inTransaction() && openedOnReplica_; }
    // After commit or rollback too: whether the last transaction ran on the replica, and
    // whether the replica refused a connection during this session.
    bool lastTransactionOnReplica() const { return openedOnReplica_; }
    bool replicaRefused() const { return replicaRefused_; }

  private:
    struct Open;  // the leased connection and its transaction, while one is open

    pqxx::dbtransaction& transaction();
    void prepare(const Statement& statement);
    // Connection-level failures become ServiceUnavailable (503) and retire the connection.
    [[noreturn]] void handleFailure(const std::exception& error);

    // The replica's lease and READ ONLY transaction; false (and replica_ cleared) when it failed.
    bool openOnReplica();

    ConnectionPool& pool_;
    ConnectionPool* replica_ = nullptr;
    bool openedOnReplica_ = false;
    bool replicaRefused_ = false;
    std::unique_ptr<Open> open_;
    std::vector<std::function<void()>> afterCommit_;
};

// A read running on the replica failed there (the connection died, or the statement wrote,
// which a standby refuses): the request can be run again on the primary. A 503 if it is not.
class ReplicaUnavailable : public core::ServiceUnavailable {
  public:
    using core::ServiceUnavailable::ServiceUnavailable;
};

// Thrown for unique-constraint violations so callers can answer 409 with the right code.
class UniqueViolation : public std::runtime_error {
  public:
    UniqueViolation(std::string constraint, const std::string& what)
        : std::runtime_error(what), constraint_(std::move(constraint)) {}
    const std::string& constraint() const { return constraint_; }

  private:
    std::string constraint_;
};

// A write lost a race with a concurrent change that no handler check could have caught: the
// row it refers to was deleted meanwhile (foreign key), or Postgres aborted it to resolve a
// deadlock or serialization conflict. Retrying the request is the answer (409).
class ConcurrentChange : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace tessera::store
