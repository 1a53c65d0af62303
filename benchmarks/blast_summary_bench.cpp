// The blast radius's `view=summary` (issue 19 item 3) against Postgres computing the same
// aggregate, on one generated lineage, in one run:
//   load   the lineage (lineage_generator.hpp) written into the project's tables with COPY;
//   (a)    the index built from Postgres by the server's start-up code; the source whose
//          downstream radius at depth D is closest to --radius assets among --sources random
//          ones;
//   (b)    in-process: DependencyIndex::summary() against impact() (the listing's call) on it;
//   (c)    the same aggregate from one `WITH RECURSIVE` query (recursive_summary.hpp), checked
//          equal to the index's (exit 1 on a difference), timed alone and with C connections
//          in parallel;
//   (d)    HTTP against `tessera serve` on the same database with C keep-alive connections:
//          `?view=summary`, its 304, and the full listing of the same radius;
// then the ratios: CTE / in-process summary, and HTTP summary throughput / CTE throughput at the
// same concurrency (target of issue 19: >= 100x).
//
//   blast_summary_bench --database-url URL [--assets N] [--radius A] [--sources S] [--depth D]
//                       [--cte-queries K] [--requests N] [--connections C] [--server PATH]
//
// Defaults: 100,000 assets, a radius of about 5,000 assets among 3,000 sources, depth 10, 40
// CTE queries per measurement, 4,000 HTTP requests per case, 4 connections. The URL names any
// database of the server; the benchmark drops and re-creates tessera_summary_bench there.
// TESSERA_BENCH_DATABASE_URL may replace --database-url.
#include <sys/sysinfo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "benchmarks/bench_cli.hpp"
#include "benchmarks/cte_throughput.hpp"
#include "benchmarks/http_load_client.hpp"
#include "benchmarks/latency_summary.hpp"
#include "benchmarks/lineage_generator.hpp"
#include "benchmarks/lineage_loader.hpp"
#include "benchmarks/recursive_summary.hpp"
#include "server/index/graph_service.hpp"
#include "server/logger.hpp"
#include "tests/support/server_process.hpp"

namespace {

using namespace tessera::bench;
using tessera::graph::Uuid;

constexpr double kTargetRatio = 100;  // HTTP summary >= 100x the CTE aggregate's throughput

struct Options {
    LineageParameters lineage;
    std::string databaseUrl;
    size_t radius = 5'000;
    size_t sources = 3'000;
    uint32_t depth = 10;
    size_t cteQueries = 40;
    size_t requests = 4'000;
    size_t connections = 4;
    std::string server;
};

Options parseOptions(int argc, char** argv) {
    Options options;
    options.lineage.deleted = 0.01;
    Arguments args(argc, argv, "blast_summary_bench");
    while (args.next()) {
        const std::string& flag = args.flag();
        auto value = [&] { return args.value(); };
        auto count = [&] { return args.count(); };
        if (flag == "--database-url") {
            options.databaseUrl = value();
        } else if (flag == "--assets") {
            options.lineage.assets = count();
        } else if (flag == "--radius") {
            options.radius = count();
        } else if (flag == "--sources") {
            options.sources = count();
        } else if (flag == "--depth") {
            options.depth = static_cast<uint32_t>(count());
        } else if (flag == "--cte-queries") {
            options.cteQueries = count();
        } else if (flag == "--requests") {
            options.requests = count();
        } else if (flag == "--connections") {
            options.connections = count();
        } else if (flag == "--server") {
            options.server = value();
        } else {
            args.fail("unknown option " + flag);
        }
    }
    options.databaseUrl = args.databaseUrl(options.databaseUrl);
    if (options.sources == 0 || options.lineage.assets == 0 || options.cteQueries == 0 ||
        options.connections == 0 || options.requests == 0) {
        args.fail("nothing to measure");
    }
    if (options.server.empty()) options.server = tessera::testing::defaultServerBinary();
    return options;
}

template <typename Call>
Summary timeCalls(size_t repetitions, Call&& call) {
    std::vector<double> micros;
    micros.reserve(repetitions);
    for (size_t i = 0; i < repetitions; ++i) {
        const auto start = Clock::now();
        call();
        micros.push_back(microsSince(start));
    }
    return summarize(micros);
}

struct HttpCase {
    LoadResult result;
    double serverCpuMicros = 0;  // per request, warm-up included
};

void printHttpRow(const char* label, const HttpCase& c) {
    const LoadResult& r = c.result;
    std::printf("  %-40s %8.0f  %7.3f  %7.3f  %8.0f  %10.1f KB\n", label, r.requestsPerSecond,
                r.micros.p50 / 1000, r.micros.p99 / 1000, c.serverCpuMicros,
                double(r.bodyBytes) / 1024);
}

void printLatencyRow(const char* label, const Summary& s) {
    std::printf("  %-40s %9.3f %9.3f %9.3f  ms\n", label, s.mean / 1000, s.p50 / 1000,
                s.p99 / 1000);
}

int run(const Options& options) {
    const double loadAtStart = loadAverage();
    const LineageData data = generateLineage(options.lineage);
    progress("generated %zu assets, %zu edges; loading with COPY", data.assets.size(),
             data.edges.size());
    const std::string url = recreateDatabase(options.databaseUrl, "tessera_summary_bench");
    writeLineage(url, data);

    progress("(a) building the index from Postgres");
    tessera::server::setLogLevel("warning");
    tessera::server::GraphService service(url);
    service.start();
    const auto& index = service.index();
    std::mt19937_64 random(options.lineage.seed + 7);
    Uuid source;
    size_t radius = 0;
    auto distance = [&](size_t r) {
        return r > options.radius ? r - options.radius : options.radius - r;
    };
    for (size_t i = 0; i < options.sources; ++i) {
        const Uuid candidate = data.assets[random() % data.assets.size()].id;
        const size_t size = index.downstream(candidate, options.depth)->assets.size();
        if (i == 0 || distance(size) < distance(radius)) {
            source = candidate;
            radius = size;
        }
    }
    progress("source %s: %zu assets within depth %u", source.toString().c_str(), radius,
             options.depth);

    progress("(b) in-process");
    using tessera::graph::Direction;
    const auto fromIndex = *index.summary(source, Direction::kDownstream, options.depth);
    const Summary summaryMicros =
        timeCalls(2'000, [&] { index.summary(source, Direction::kDownstream, options.depth); });
    const Summary impactMicros = timeCalls(200, [&] { index.impact(source, options.depth); });

    progress("(c) WITH RECURSIVE aggregate");
    RecursiveSummary cte(url);
    const auto fromPostgres = cte.downstream(source, options.depth);
    const std::string difference = firstDifference(fromIndex, fromPostgres);
    if (!difference.empty()) {
        std::fprintf(stderr, "MISMATCH for source %s: %s\n", source.toString().c_str(),
                     difference.c_str());
        return 1;
    }
    const Summary cteMicros =
        timeCalls(options.cteQueries, [&] { cte.downstream(source, options.depth); });
    const double cteParallel = cteThroughput<RecursiveSummary>(
        url, source, options.depth, options.connections,
        std::max<size_t>(1, options.cteQueries / options.connections));
    service.stop();

    progress("(d) HTTP");
    tessera::testing::ServerProcess server(options.server,
                                           {{"DATABASE_URL", url},
                                            {"API_HOST", "127.0.0.1"},
                                            {"API_PORT", "0"},
                                            {"AUTH_DISABLED", "true"},
                                            {"RATE_LIMIT_ENABLED", "false"},
                                            {"LOG_LEVEL", "warning"}},
                                           600);
    const std::string base = "/api/v1/assets/" + source.toString() +
                             "/blast-radius?depth=" + std::to_string(options.depth);
    const std::string summaryPath = base + "&view=summary";
    const HttpReply probe = httpGet(server.port(), summaryPath);
    if (probe.status != 200 || probe.etag.empty()) {
        throw std::runtime_error("summary answered " + std::to_string(probe.status));
    }
    auto load = [&](const std::string& path, const std::string& headers, int status,
                    size_t requests) {
        LoadOptions one;
        one.port = server.port();
        one.path = path;
        one.extraHeaders = headers;
        one.expectedStatus = status;
        one.connections = options.connections;
        one.requests = requests;
        one.warmup = std::max<size_t>(50, requests / 20);
        const double cpuBefore = server.cpuSeconds();
        const LoadResult result = runLoad(one);
        const double cpu = server.cpuSeconds() - cpuBefore;
        return HttpCase{result, cpu * 1e6 / double(one.requests + one.warmup)};
    };
    const HttpCase summary = load(summaryPath, "", 200, options.requests);
    const HttpCase notModified =
        load(summaryPath, "If-None-Match: " + probe.etag + "\r\n", 304, options.requests);
    const HttpCase listing = load(base, "", 200, std::max<size_t>(100, options.requests / 20));
    const int status = server.stop();
    if (status != 0) progress("server exited with status %d", status);

    // ---- the table ----
    std::printf(
        "blast_summary_bench: %zu assets, %zu edges, %zu contracts, %zu registrations; source "
        "with %zu assets within depth %u (%zu depths, %zu teams in the summary)\n",
        data.assets.size(), data.edges.size(), data.contracts.size(), data.registrations.size(),
        radius, options.depth, fromIndex.byDepth.size(), fromIndex.teams.size());
    std::printf("machine: %d cores, load average %.2f at start, %.2f at the end\n", get_nprocs(),
                loadAtStart, loadAverage());
    std::printf("\n(b)(c) one client, one at a time              %9s %9s %9s\n", "mean", "p50",
                "p99");
    printLatencyRow("DependencyIndex::summary()", summaryMicros);
    printLatencyRow("DependencyIndex::impact() (the listing's)", impactMicros);
    printLatencyRow("WITH RECURSIVE aggregate (equal to it)", cteMicros);
    const double inProcessRatio = cteMicros.mean / summaryMicros.mean;
    std::printf("  %-40s %.0fx\n", "CTE / in-process summary (mean)", inProcessRatio);

    std::printf("\n(d) %zu connections in parallel                 %8s  %7s  %7s  %8s  %13s\n",
                options.connections, "req/s", "p50 ms", "p99 ms", "CPU us", "body");
    printHttpRow("HTTP ?view=summary", summary);
    printHttpRow("HTTP ?view=summary, If-None-Match -> 304", notModified);
    printHttpRow("HTTP full listing, same radius", listing);
    std::printf("  %-40s %8.0f\n", "WITH RECURSIVE aggregate, q/s", cteParallel);
    const double ratio = summary.result.requestsPerSecond / cteParallel;
    std::printf("\ntarget: HTTP summary / CTE aggregate throughput >= %.0fx: %s (%.0fx)\n",
                kTargetRatio, verdict(ratio >= kTargetRatio), ratio);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parseOptions(argc, argv);
    try {
        return run(options);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "blast_summary_bench: %s\n", error.what());
        return 1;
    }
}
