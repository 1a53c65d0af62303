// The definition of DbSession::exec, for the code that runs statements and reads their results
// (repositories): it needs libpqxx, which store/db_session.hpp keeps out of everyone else.
#pragma once

#include <pqxx/pqxx>

#include "store/db_session.hpp"

namespace tessera::store {

template <typename... Args>
pqxx::result DbSession::exec(const Statement& statement, Args&&... args) {
    pqxx::dbtransaction& tx = transaction();
    try {
        prepare(statement);
        return tx.exec_prepared(statement.name, std::forward<Args>(args)...);
    } catch (const std::exception& error) {
        handleFailure(error);
    }
}

}  // namespace tessera::store
