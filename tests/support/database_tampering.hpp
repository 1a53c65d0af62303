// What black-box harnesses and operators do to the server's database behind its back, for the
// fault tests: truncate every table, delete rows, run SQL with the change triggers off.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace tessera::testing {

// TRUNCATE … RESTART IDENTITY CASCADE of every table of the database (core, workflow, audit and
// public: core.graph_state and public.tessera_migrations included), in one statement, as a test
// harness does between tests.
void truncateEveryTable(const std::string& databaseUrl);

// Runs `sql` with session_replication_role = replica, so no trigger fires: a change the server
// can only notice by its own checks (the generation watcher).
void execWithoutTriggers(const std::string& databaseUrl, const std::string& sql);

// Polls `condition` every 10 ms until it holds or `timeout` passes; returns how long it took,
// or -1 ms on timeout.
std::chrono::milliseconds waitFor(const std::function<bool()>& condition,
                                  std::chrono::milliseconds timeout);

}  // namespace tessera::testing
