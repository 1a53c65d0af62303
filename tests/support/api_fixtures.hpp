// Building blocks for HTTP tests of the publishing flow: teams, assets, users, contracts and
// direct SQL against the server's database (for rows no endpoint writes yet, and for checking
// what a request left behind).
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "tests/support/test_server.hpp"

namespace tessera::testing {

// A schema with the given `properties` members, e.g. objectSchema(R"("id":{"type":"integer"})").
std::string objectSchema(const std::string& properties);

std::string createTeamNamed(const HttpClient& http, const std::string& name);
// A fresh team with a unique name; returns its id.
std::string createTestTeam(const HttpClient& http);
// POST /assets; `extraFields` is appended to the body (start it with a comma).
HttpResult postAsset(const HttpClient& http, const std::string& teamId, const std::string& fqn,
                     const std::string& extraFields = "",
                     const std::map<std::string, std::string>& headers = {});
// A fresh asset; returns its id.
std::string createTestAsset(const HttpClient& http, const std::string& teamId,
                            const std::string& extraFields = "");
// A unique, pattern-valid FQN.
std::string uniqueFqn(const std::string& prefix = "warehouse");

// POST /assets/{id}/contracts?published_by=…<extraQuery> with body {"schema":…<extraFields>}.
HttpResult publish(const HttpClient& http, const std::string& assetId, const std::string& teamId,
                   const std::string& schema, const std::string& extraFields = "",
                   const std::string& extraQuery = "");
// Publishes and returns the new contract's id (expects 201 with a contract).
std::string publishContract(const HttpClient& http, const std::string& assetId,
                            const std::string& teamId, const std::string& schema,
                            const std::string& extraFields = "");

// POST /registrations?contract_id=… for the team; returns the registration id.
std::string registerConsumer(const HttpClient& http, const std::string& contractId,
                             const std::string& teamId);

// POST /assets/{downstream}/dependencies on `upstream` (expects 201).
void dependsOn(const HttpClient& http, const std::string& downstream, const std::string& upstream);

// "fqn@depth" of every asset the blast radius lists downstream of `assetId` (depth 10), in the
// listing's order.
std::string downstreamListing(const HttpClient& http, const std::string& assetId);

// A user row (no endpoint needed); returns its id.
std::string insertUser(const TestServer& server, const std::string& teamId, const std::string& name,
                       bool deactivated = false);

// One scalar from the server's database.
template <typename... Args>
long long countRows(const TestServer& server, const std::string& sql, Args&&... args) {
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    return query.exec_params1(sql, std::forward<Args>(args)...)[0].template as<long long>();
}

template <typename... Args>
void execSql(const TestServer& server, const std::string& sql, Args&&... args) {
    pqxx::connection connection(server.databaseUrl());
    pqxx::nontransaction query(connection);
    query.exec_params(sql, std::forward<Args>(args)...);
}

}  // namespace tessera::testing
