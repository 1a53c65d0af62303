#include "store/migrations.hpp"

#include <cstdlib>
#include <pqxx/pqxx>
#include <set>

namespace tessera::store {
namespace {

// Arbitrary constant identifying "Tessera schema migration" among advisory locks.
constexpr long long kMigrationLockKey = 0x7465737365726121LL;

constexpr const char* kCreateTrackingTable = R"sql(
CREATE TABLE IF NOT EXISTS public.tessera_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
))sql";

// The schema version is also kept in the comment of schema `core`: a harness that truncates
// every table (public.tessera_migrations included) cannot erase a comment, so a truncated
// tracking table is refilled instead of the migrations running again over existing tables.
constexpr const char* kVersionCommentPrefix = "tessera schema version ";

int versionFromComment(pqxx::nontransaction& session) {
    const pqxx::result comment = session.exec(
        "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'core'");
    for (const auto& row : comment) {
        if (row[0].is_null()) continue;
        const std::string text = row[0].as<std::string>();
        const std::string prefix = kVersionCommentPrefix;
        if (text.rfind(prefix, 0) == 0) return std::atoi(text.c_str() + prefix.size());
    }
    return 0;
}

void runStatement(pqxx::connection& connection, const std::string& sql, long long key) {
    pqxx::nontransaction session(connection);
    session.exec_params(sql, key);
}

}  // namespace

std::vector<std::string> applyMigrations(const std::string& connectionString) {
    pqxx::connection connection(connectionString);
    runStatement(connection, "SELECT pg_advisory_lock($1)", kMigrationLockKey);

    std::vector<std::string> applied;
    try {
        std::set<int> done;
        {
            pqxx::nontransaction session(connection);
            session.exec(kCreateTrackingTable);
            for (const auto& row : session.exec("SELECT version FROM public.tessera_migrations")) {
                done.insert(row[0].as<int>());
            }
            const int commented = versionFromComment(session);
            for (const Migration& migration : embeddedMigrations()) {
                if (migration.version > commented || done.count(migration.version)) continue;
                session.exec_params(
                    "INSERT INTO public.tessera_migrations (version, name) VALUES ($1, $2)",
                    migration.version, migration.name);
                done.insert(migration.version);
            }
        }
        for (const Migration& migration : embeddedMigrations()) {
            if (done.count(migration.version)) continue;
            pqxx::work tx(connection);
            tx.exec(migration.sql);
            tx.exec_params("INSERT INTO public.tessera_migrations (version, name) VALUES ($1, $2)",
                           migration.version, migration.name);
            tx.exec("COMMENT ON SCHEMA core IS " +
                    tx.quote(kVersionCommentPrefix + std::to_string(migration.version)));
            tx.commit();
            applied.emplace_back(migration.name);
        }
    } catch (...) {
        runStatement(connection, "SELECT pg_advisory_unlock($1)", kMigrationLockKey);
        throw;
    }
    runStatement(connection, "SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    return applied;
}

}  // namespace tessera::store
