// Writes a generated lineage (lineage_generator.hpp) into the project's own Postgres tables
// (core.teams, core.assets, core.contracts, core.registrations, core.dependencies), so that the
// server's start-up loader, a recursive CTE and `tessera serve` all read the same data.
//
// Rows go in with COPY … FROM STDIN (pqxx::stream_to), one transaction, into tables created by
// the project's migrations (indexes, constraints and foreign keys included, as in production).
#pragma once

#include <string>
#include <vector>

#include "benchmarks/lineage_generator.hpp"

namespace tessera::bench {

// The libpq URI of `url` with its database name replaced by `database`.
std::string withDatabase(const std::string& url, const std::string& database);

// Drops and re-creates `database` on the server of `adminUrl` (which names any database the
// user can connect to), applies the migrations to it and returns its URI.
std::string recreateDatabase(const std::string& adminUrl, const std::string& database);

// Applies the migrations to `url` and empties the tables the benchmark fills (TRUNCATE … CASCADE:
// rows referencing teams or assets, such as users and API keys, go too). Returns its libpq URI.
std::string migrateAndTruncate(const std::string& url);

struct TableLoad {
    std::string table;
    size_t rows = 0;
    double millis = 0;
};

// COPYs every row of `data` in one transaction, then ANALYZEs the tables (so the recursive CTE
// gets the plans it would get in production). Returns the time per table, ANALYZE last.
std::vector<TableLoad> writeLineage(const std::string& url, const LineageData& data);

}  // namespace tessera::bench
