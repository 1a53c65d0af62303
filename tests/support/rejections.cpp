#include "tests/support/rejections.hpp"

#include <pqxx/pqxx>

namespace tessera::testing {

std::string rejection(const HttpResult& response) {
    const auto body = response.json();
    std::string code = "<no error code>";
    if (body.IsObject() && body.HasMember("error") && body["error"].IsObject() &&
        body["error"].HasMember("code") && body["error"]["code"].IsString()) {
        code = body["error"]["code"].GetString();
    } else if (body.IsObject() && body.HasMember("detail") && body["detail"].IsArray() &&
               !body["detail"].Empty() && body["detail"][0].IsObject() &&
               body["detail"][0].HasMember("type") && body["detail"][0]["type"].IsString()) {
        code = body["detail"][0]["type"].GetString();
    }
    return std::to_string(response.status) + " " + code;
}

RowCounts::RowCounts(const TestServer& server) : server_(server), before_(count(server)) {}

std::string RowCounts::changes() const {
    std::string changed;
    for (const auto& [table, rows] : count(server_)) {
        const long long was = before_.at(table);
        if (rows != was) {
            changed += (changed.empty() ? "" : ", ") + table + " " + std::to_string(was) + " -> " +
                       std::to_string(rows);
        }
    }
    return changed;
}

std::map<std::string, long long> RowCounts::count(const TestServer& server) {
    static const char* const kTables[] = {"core.teams",
                                          "core.users",
                                          "core.assets",
                                          "core.contracts",
                                          "core.registrations",
                                          "core.dependencies",
                                          "core.api_keys",
                                          "core.audit_runs",
                                          "core.webhook_deliveries",
                                          "workflow.proposals",
                                          "workflow.acknowledgments",
                                          "audit.events"};
    std::string sql;
    for (const char* table : kTables) {
        sql += std::string(sql.empty() ? "" : " UNION ALL ") + "SELECT '" + table +
               "', count(*) FROM " + table;
    }
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    std::map<std::string, long long> counts;
    for (const auto& row : query.exec(sql)) {
        counts[row[0].as<std::string>()] = row[1].as<long long>();
    }
    return counts;
}

}  // namespace tessera::testing
