// Rows the server needs but no endpoint writes (today: the one row of core.graph_state). A
// harness or an operator may truncate their tables; start-up puts them back, and every write
// that needs one upserts it (store/graph_changes.cpp), so a missing row never fails a request.
#pragma once

#include <string>

namespace tessera::store {

// Inserts the bookkeeping rows that are missing; leaves existing ones alone.
void restoreBookkeepingRows(const std::string& connectionString);

}  // namespace tessera::store
