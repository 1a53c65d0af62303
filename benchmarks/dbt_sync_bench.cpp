// dbt sync end to end (issue 15 targets): a generated manifest of N models and M sources
// uploaded to `tessera serve` over HTTP — create (all new: assets, contracts 1.0.0, edges),
// re-upload unchanged (conflict_mode overwrite: every asset rewritten, no edge changes),
// then /sync/dbt/diff and /sync/dbt/impact — against the in-process parse of the same manifest
// in the same run, which says how much of each request is JSON parsing and the 04 §4.4 rules.
//   dbt_sync_bench --database-url postgresql://tessera@127.0.0.1:PORT/postgres
//                  [--models 5000] [--sources 500] [--fan-in 3] [--columns 20] [--tests 3]
// The database is emptied of teams, assets, contracts, registrations, proposals and edges first.
// Targets: create ≤ 3 s, re-upload ≤ 1.5 s, diff and impact ≤ 300 ms each.
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

#include <pqxx/pqxx>

#include "benchmarks/bench_cli.hpp"
#include "benchmarks/http_load_client.hpp"
#include "core/dbt_manifest.hpp"
#include "core/json.hpp"
#include "tests/support/server_process.hpp"

using namespace tessera::bench;

namespace {

struct Options {
    std::string databaseUrl;
    size_t models = 5000;
    size_t sources = 500;
    size_t fanIn = 3;
    size_t columns = 20;
    size_t tests = 3;
    std::string server;
};

Options parseOptions(int argc, char** argv) {
    Options options;
    Arguments args(argc, argv, "dbt_sync_bench");
    while (args.next()) {
        const std::string& flag = args.flag();
        if (flag == "--database-url") {
            options.databaseUrl = args.value();
        } else if (flag == "--models") {
            options.models = args.count();
        } else if (flag == "--sources") {
            options.sources = args.count();
        } else if (flag == "--fan-in") {
            options.fanIn = args.count();
        } else if (flag == "--columns") {
            options.columns = args.count();
        } else if (flag == "--tests") {
            options.tests = args.count();
        } else if (flag == "--server") {
            options.server = args.value();
        } else {
            args.fail("unknown option " + flag);
        }
    }
    options.databaseUrl = args.databaseUrl(options.databaseUrl);
    if (options.models == 0 || options.sources == 0) args.fail("nothing to measure");
    if (options.server.empty()) options.server = tessera::testing::defaultServerBinary();
    return options;
}

// Model i reads `fanIn` earlier models or sources (a layered DAG, like a real project's); each
// model has `columns` typed columns and `tests` not_null tests; sources have the columns too.
std::string generateManifest(const Options& o) {
    std::mt19937 random(42);
    const char* types[] = {"bigint", "varchar(64)", "numeric(18,2)", "timestamp", "boolean"};
    auto columns = [&](std::string& out) {
        out += "\"columns\":{";
        for (size_t c = 0; c < o.columns; ++c) {
            if (c > 0) out += ',';
            out += "\"col_" + std::to_string(c) + "\":{\"data_type\":\"" + types[c % 5] +
                   "\",\"description\":\"column " + std::to_string(c) + "\"}";
        }
        out += '}';
    };
    std::string out = "{\"metadata\":{\"project_name\":\"bench\"},\"nodes\":{";
    for (size_t m = 0; m < o.models; ++m) {
        if (m > 0) out += ',';
        const std::string id = "model.bench.m" + std::to_string(m);
        out += "\"" + id +
               "\":{\"resource_type\":\"model\",\"database\":\"wh\",\"schema\":\"marts\","
               "\"name\":\"m" +
               std::to_string(m) +
               "\",\"tags\":[\"bench\"],\"path\":\"m.sql\","
               "\"depends_on\":{\"nodes\":[";
        for (size_t p = 0; p < o.fanIn; ++p) {
            if (p > 0) out += ',';
            const size_t pick = random() % (m + o.sources);
            out += pick < o.sources ? "\"source.bench.raw.s" + std::to_string(pick) + "\""
                                    : "\"model.bench.m" + std::to_string(pick - o.sources) + "\"";
        }
        out += "]},";
        columns(out);
        out += '}';
        for (size_t t = 0; t < o.tests; ++t) {
            out += ",\"test.bench.nn_" + std::to_string(m) + "_" + std::to_string(t) +
                   "\":{\"resource_type\":\"test\",\"depends_on\":{\"nodes\":[\"" + id +
                   "\"]},\"test_metadata\":{\"name\":\"not_null\",\"kwargs\":{\"column_name\":"
                   "\"col_" +
                   std::to_string(t % (o.columns ? o.columns : 1)) + "\"}}}";
        }
    }
    out += "},\"sources\":{";
    for (size_t s = 0; s < o.sources; ++s) {
        if (s > 0) out += ',';
        out += "\"source.bench.raw.s" + std::to_string(s) +
               "\":{\"database\":\"raw\",\"schema\":\"bench\",\"name\":\"s" + std::to_string(s) +
               "\",";
        columns(out);
        out += '}';
    }
    return out + "}}";
}

template <typename F>
double seconds(F&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

HttpReply post(int port, const std::string& path, const std::string& body) {
    HttpReply reply = httpRequest(port, "POST", path, body);
    if (reply.status != 200) {
        throw std::runtime_error(path + " answered " + std::to_string(reply.status) + ": " +
                                 reply.body.substr(0, 300));
    }
    return reply;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parseOptions(argc, argv);
        const std::string manifest = generateManifest(options);
        progress("manifest: %zu models, %zu sources, %.1f MB", options.models, options.sources,
                 manifest.size() / 1e6);
        const double parse = seconds([&] {
            const auto parsed = tessera::core::parseJson(manifest, 128);
            if (!parsed.ok) throw std::runtime_error("generated manifest is not JSON");
            const auto read = tessera::core::readDbtManifest(parsed.document);
            if (read.assets.size() != options.models + options.sources) {
                throw std::runtime_error("generated manifest lost entries");
            }
        });
        {
            pqxx::connection connection(options.databaseUrl);
            pqxx::work clear(connection);
            clear.exec(
                "DO $$ BEGIN IF to_regclass('core.assets') IS NOT NULL THEN"
                " TRUNCATE workflow.acknowledgments, workflow.proposals, core.registrations,"
                " core.contracts, core.dependencies, core.assets, core.teams CASCADE;"
                " END IF; END $$");
            clear.commit();
        }
        tessera::testing::ServerProcess server(options.server,
                                               {{"DATABASE_URL", options.databaseUrl},
                                                {"API_HOST", "127.0.0.1"},
                                                {"API_PORT", "0"},
                                                {"AUTH_DISABLED", "true"},
                                                {"RATE_LIMIT_ENABLED", "false"},
                                                {"LOG_LEVEL", "warning"}},
                                               600);
        const int port = server.port();
        HttpReply team = httpRequest(port, "POST", "/api/v1/teams", R"({"name":"bench-owner"})");
        const auto teamDoc = tessera::core::parseJson(team.body, 16);
        if (team.status != 201 || !teamDoc.ok) throw std::runtime_error("team: " + team.body);
        const std::string owner = teamDoc.document["id"].GetString();
        const std::string body = "{\"owner_team_id\":\"" + owner +
                                 "\",\"auto_publish_contracts\":true,\"manifest\":" + manifest;
        HttpReply created, again;
        const double createCpu0 = server.cpuSeconds();
        const double create =
            seconds([&] { created = post(port, "/api/v1/sync/dbt/upload", body + "}"); });
        const double createCpu = server.cpuSeconds() - createCpu0;
        const double reupload = seconds([&] {
            again =
                post(port, "/api/v1/sync/dbt/upload", body + ",\"conflict_mode\":\"overwrite\"}");
        });
        const double diff = seconds(
            [&] { post(port, "/api/v1/sync/dbt/diff", "{\"manifest\":" + manifest + "}"); });
        const double impact = seconds([&] {
            post(port, "/api/v1/sync/dbt/impact",
                 "{\"owner_team_id\":\"" + owner + "\",\"manifest\":" + manifest + "}");
        });
        progress("create: %s", created.body.substr(0, 200).c_str());
        progress("re-upload: %s", again.body.substr(0, 200).c_str());
        std::printf("%-34s %10s %10s %8s\n", "step", "seconds", "target", "verdict");
        std::printf("%-34s %10.3f %10s %8s\n", "parse + 04 §4.4 rules (in-process)", parse, "-",
                    "");
        std::printf("%-34s %10.3f %10.1f %8s\n", "upload, create", create, 3.0,
                    verdict(create <= 3.0));
        std::printf("%-34s %10.3f %10s %8s\n", "  of which server CPU", createCpu, "-", "");
        std::printf("%-34s %10.3f %10.1f %8s\n", "upload again (overwrite)", reupload, 1.5,
                    verdict(reupload <= 1.5));
        std::printf("%-34s %10.3f %10.1f %8s\n", "diff", diff, 0.3, verdict(diff <= 0.3));
        std::printf("%-34s %10.3f %10.1f %8s\n", "impact", impact, 0.3, verdict(impact <= 0.3));
        std::printf("parse share of create: %.0f %%; load average %.2f\n", 100 * parse / create,
                    loadAverage());
        return server.stop() == 0 ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "dbt_sync_bench: %s\n", error.what());
        return 1;
    }
}
