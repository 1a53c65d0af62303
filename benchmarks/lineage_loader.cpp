#include "benchmarks/lineage_loader.hpp"

#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <tuple>

#include "benchmarks/latency_summary.hpp"
#include "store/database_url.hpp"
#include "store/migrations.hpp"

namespace tessera::bench {
namespace {

using graph::Uuid;
using Nullable = std::optional<std::string>;

// Fixed timestamps: the active contract is the newer one, and nothing depends on "now".
constexpr const char* kDeletedAt = "2026-01-01 00:00:00+00";
constexpr const char* kDeprecatedAt = "2026-01-01 00:00:00+00";
constexpr const char* kPublishedAt = "2026-01-02 00:00:00+00";
constexpr const char* kSchema = R"({"type":"object","properties":{"id":{"type":"integer"}}})";

std::string libpqUri(const std::string& url) {
    std::string error;
    auto uri = store::toLibpqUri(url, &error);
    if (!uri) throw std::invalid_argument("database URL: " + error);
    return *uri;
}

// Streams row(0) … row(count − 1) into `table` (columns in the order of each tuple), one row in
// memory at a time, and records the time taken.
template <typename MakeRow>
TableLoad copyRows(pqxx::work& tx, const std::string& table,
                   const std::vector<std::string>& columns, size_t count, MakeRow row) {
    const auto start = Clock::now();
    pqxx::stream_to stream(tx, table, columns);
    for (size_t i = 0; i < count; ++i) stream << row(i);
    stream.complete();
    return {table, count, millisSince(start)};
}

}  // namespace

std::string withDatabase(const std::string& url, const std::string& database) {
    const std::string uri = libpqUri(url);
    const size_t scheme = uri.find("://");
    const size_t pathStart = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    const size_t query = uri.find('?');
    if (pathStart == std::string::npos || (query != std::string::npos && pathStart > query)) {
        const size_t end = query == std::string::npos ? uri.size() : query;
        return uri.substr(0, end) + "/" + database + uri.substr(end);
    }
    const size_t pathEnd = query == std::string::npos ? uri.size() : query;
    return uri.substr(0, pathStart + 1) + database + uri.substr(pathEnd);
}

std::string recreateDatabase(const std::string& adminUrl, const std::string& database) {
    {
        pqxx::connection connection(libpqUri(adminUrl));
        pqxx::nontransaction session(connection);
        // FORCE: a server left running by an interrupted run must not keep the old one alive.
        session.exec("DROP DATABASE IF EXISTS " + session.quote_name(database) + " WITH (FORCE)");
        session.exec("CREATE DATABASE " + session.quote_name(database));
    }
    const std::string url = withDatabase(adminUrl, database);
    store::applyMigrations(url);
    return url;
}

std::string migrateAndTruncate(const std::string& url) {
    const std::string uri = libpqUri(url);
    store::applyMigrations(uri);
    pqxx::connection connection(uri);
    pqxx::work tx(connection);
    tx.exec(
        "TRUNCATE core.registrations, core.contracts, core.dependencies, core.assets, core.teams"
        " CASCADE");
    tx.commit();
    return uri;
}

std::vector<TableLoad> writeLineage(const std::string& url, const LineageData& data) {
    pqxx::connection connection(libpqUri(url));
    pqxx::work tx(connection);
    std::vector<TableLoad> loads;

    loads.push_back(copyRows(tx, "core.teams", {"id", "name"}, data.teams.size(), [&](size_t t) {
        return std::tuple(data.teams[t].toString(), "bench_team_" + std::to_string(t));
    }));
    loads.push_back(copyRows(tx, "core.assets", {"id", "fqn", "owner_team_id", "deleted_at"},
                             data.assets.size(), [&](size_t a) {
                                 const graph::AssetRow& asset = data.assets[a];
                                 return std::tuple(
                                     asset.id.toString(), asset.fqn, asset.ownerTeamId.toString(),
                                     asset.deleted ? Nullable(kDeletedAt) : std::nullopt);
                             }));
    loads.push_back(
        copyRows(tx, "core.contracts",
                 {"id", "asset_id", "version", "schema", "status", "published_at", "published_by"},
                 data.contracts.size(), [&](size_t c) {
                     const LineageContract& contract = data.contracts[c];
                     const graph::AssetRow& asset = data.assets[contract.asset];
                     return std::tuple(contract.id.toString(), asset.id.toString(),
                                       std::string(contract.active ? "2.0.0" : "1.0.0"),
                                       std::string(kSchema),
                                       std::string(contract.active ? "active" : "deprecated"),
                                       std::string(contract.active ? kPublishedAt : kDeprecatedAt),
                                       asset.ownerTeamId.toString());
                 }));
    loads.push_back(copyRows(
        tx, "core.registrations",
        {"id", "contract_id", "consumer_team_id", "pinned_version", "status"},
        data.registrations.size(), [&](size_t r) {
            const graph::RegistrationRow& registration = data.registrations[r];
            return std::tuple(registration.id.toString(), registration.contractId.toString(),
                              registration.consumerTeamId.toString(), registration.pinnedVersion,
                              std::string(graph::toString(registration.status)));
        }));
    loads.push_back(copyRows(
        tx, "core.dependencies", {"dependent_asset_id", "dependency_asset_id", "dependency_type"},
        data.edges.size(), [&](size_t e) {
            const graph::EdgeRow& edge = data.edges[e];
            return std::tuple(edge.dependentId.toString(), edge.dependencyId.toString(),
                              std::string(graph::toString(edge.type)));
        }));
    tx.commit();

    const auto start = Clock::now();
    pqxx::nontransaction session(connection);
    session.exec(
        "ANALYZE core.teams, core.assets, core.contracts, core.registrations, core.dependencies");
    loads.push_back({"ANALYZE", 0, millisSince(start)});
    return loads;
}

}  // namespace tessera::bench
