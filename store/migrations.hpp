// Schema migrations: numbered SQL files from migrations/, compiled into the binary, applied in
// order, each in its own transaction, recorded in public.tessera_migrations, and serialised
// across processes by a Postgres advisory lock so replicas starting together do not race.
#pragma once

#include <string>
#include <vector>

namespace tessera::store {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// All migrations shipped with this build, ordered by version (generated at build time).
const std::vector<Migration>& embeddedMigrations();

// Applies every pending migration; returns the names applied (empty when up to date).
std::vector<std::string> applyMigrations(const std::string& connectionString);

}  // namespace tessera::store
