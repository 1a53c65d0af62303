// NOTIFY inside the request's transaction: Postgres delivers it to every listener when (and
// only if) the transaction commits. One prepared statement for every channel.
#pragma once

#include <string>

#include "store/db_session.hpp"

namespace tessera::store {

void notifyChannel(DbSession& db, const std::string& channel, const std::string& payload);

}  // namespace tessera::store
