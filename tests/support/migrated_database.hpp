// A scratch database with every migration applied and a small pool on it, for repository
// tests that run SQL through DbSession.
#pragma once

#include "store/connection_pool.hpp"
#include "store/migrations.hpp"
#include "tests/support/scratch_database.hpp"

namespace tessera::testing {

struct MigratedDatabase {
    MigratedDatabase() { store::applyMigrations(database.url()); }
    ScratchDatabase database;
    store::ConnectionPool pool{store::PoolOptions{database.url(), 4}};
};

}  // namespace tessera::testing
