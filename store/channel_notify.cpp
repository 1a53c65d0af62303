#include "store/channel_notify.hpp"

#include "store/db_session_exec.hpp"

namespace tessera::store {
namespace {

const Statement kNotify{"channel_notify", "SELECT pg_notify($1, $2)"};

}  // namespace

void notifyChannel(DbSession& db, const std::string& channel, const std::string& payload) {
    db.exec(kNotify, channel, payload);
}

}  // namespace tessera::store
