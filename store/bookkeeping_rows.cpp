#include "store/bookkeeping_rows.hpp"

#include <pqxx/pqxx>

namespace tessera::store {

void restoreBookkeepingRows(const std::string& connectionString) {
    pqxx::connection connection(connectionString);
    pqxx::nontransaction session(connection);
    session.exec(
        "INSERT INTO core.graph_state (id, generation) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
}

}  // namespace tessera::store
