#include "tests/support/database_tampering.hpp"

#include <pqxx/pqxx>
#include <thread>

namespace tessera::testing {

void truncateEveryTable(const std::string& databaseUrl) {
    pqxx::connection connection(databaseUrl);
    pqxx::nontransaction session(connection);
    std::string tables;
    for (const auto& row : session.exec(
             "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables"
             " WHERE table_schema IN ('core', 'workflow', 'audit', 'public')"
             " AND table_type = 'BASE TABLE' ORDER BY 1")) {
        tables += (tables.empty() ? "" : ", ") + row[0].as<std::string>();
    }
    session.exec("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
}

void execWithoutTriggers(const std::string& databaseUrl, const std::string& sql) {
    pqxx::connection connection(databaseUrl);
    pqxx::work tx(connection);
    tx.exec("SET LOCAL session_replication_role = replica");
    tx.exec(sql);
    tx.commit();
}

std::chrono::milliseconds waitFor(const std::function<bool()>& condition,
                                  std::chrono::milliseconds timeout) {
    const auto started = std::chrono::steady_clock::now();
    while (true) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        if (condition()) return elapsed;
        if (elapsed > timeout) return std::chrono::milliseconds(-1);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace tessera::testing
