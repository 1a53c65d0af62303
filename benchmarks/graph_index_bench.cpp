// Graph index benchmark (issue #5): build time, memory per edge, downstream/impact latency at
// depth 10 from random sources, write latency, and the shared-lock vs snapshot comparison with a
// reader and a writer running together. Standalone, in memory, no Postgres.
//
//   graph_index_bench [--assets N] [--layers L] [--fan-in F] [--registrations R]
//                     [--queries Q] [--depth D] [--writes W] [--seconds S] [--write-rate HZ]
//                     [--seed S] [--adjacency-list]
//
// e.g. `graph_index_bench --assets 100000` (≈275k edges) and `graph_index_bench --assets 1000000`.
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <boost/graph/adjacency_list.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "benchmarks/latency_summary.hpp"
#include "benchmarks/lineage_generator.hpp"
#include "graph/dependency_index.hpp"

namespace {

using tessera::bench::Clock;
using tessera::bench::LineageData;
using tessera::bench::LineageParameters;
using tessera::bench::microsSince;
using tessera::bench::millisSince;
using tessera::bench::summarize;
using tessera::bench::Summary;
using namespace tessera::graph;

struct Options {
    LineageParameters lineage;
    size_t queries = 20'000;
    uint32_t depth = 10;
    size_t writes = 2'000;
    double seconds = 3.0;
    double writeRate = 200.0;  // batches per second in the mixed read/write run
    bool adjacencyList = false;
};

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", flag.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (flag == "--assets") {
            options.lineage.assets = std::strtoull(value(), nullptr, 10);
        } else if (flag == "--layers") {
            options.lineage.layers = std::strtoull(value(), nullptr, 10);
        } else if (flag == "--fan-in") {
            options.lineage.fanIn = std::strtod(value(), nullptr);
        } else if (flag == "--registrations") {
            options.lineage.registrationsPerContract = std::strtod(value(), nullptr);
        } else if (flag == "--seed") {
            options.lineage.seed = std::strtoull(value(), nullptr, 10);
        } else if (flag == "--queries") {
            options.queries = std::strtoull(value(), nullptr, 10);
        } else if (flag == "--depth") {
            options.depth = static_cast<uint32_t>(std::strtoul(value(), nullptr, 10));
        } else if (flag == "--writes") {
            options.writes = std::strtoull(value(), nullptr, 10);
        } else if (flag == "--seconds") {
            options.seconds = std::strtod(value(), nullptr);
        } else if (flag == "--write-rate") {
            options.writeRate = std::strtod(value(), nullptr);
        } else if (flag == "--adjacency-list") {
            options.adjacencyList = true;
        } else {
            std::fprintf(stderr, "unknown option %s (see the top of graph_index_bench.cpp)\n",
                         flag.c_str());
            std::exit(2);
        }
    }
    return options;
}

void print(const char* label, const Summary& s, const char* unit) {
    std::printf("  %-44s mean %9.1f  p50 %9.1f  p99 %9.1f  max %9.1f %s\n", label, s.mean, s.p50,
                s.p99, s.max, unit);
}

// Heap in use (arena + mmapped chunks), for a malloc-level cross-check of IndexStats.
size_t heapBytes() {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

std::unique_ptr<DependencyIndex> buildIndex(const LineageData& data, IndexOptions options,
                                            bool report) {
    const size_t heapBefore = heapBytes();
    const auto start = Clock::now();
    DependencyIndexBuilder builder;
    builder.reserve(data.assets.size(), data.edges.size(), data.contracts.size(),
                    data.registrations.size());
    for (const AssetRow& asset : data.assets) builder.addAsset(asset);
    for (const EdgeRow& edge : data.edges) builder.addEdge(edge);
    for (const RegistrationRow& registration : data.registrations) {
        builder.addRegistration(registration);
    }
    const double feedMs = millisSince(start);
    const auto finishStart = Clock::now();
    auto index = std::move(builder).build(1, options);
    const double finishMs = millisSince(finishStart);
    const double totalMs = millisSince(start);
    if (!report) return index;

    const IndexStats s = index->stats();
    std::printf("build\n");
    std::printf(
        "  feeding rows %.0f ms + CSR, duplicate check, FQN ranks %.0f ms = %.0f ms "
        "(%.2f s per million edges)\n",
        feedMs, finishMs, totalMs, totalMs / 1000.0 / (double(s.edges) / 1e6));
    std::printf("memory (container capacities)\n");
    const double edges = double(s.edges);
    std::printf("  total %.1f MiB = %.1f bytes/edge, %.1f bytes/asset\n",
                double(s.totalBytes) / 1048576.0, s.bytesPerEdge(),
                double(s.totalBytes) / double(s.assets));
    std::printf(
        "  graph (CSR + overlay) %.1f B/edge | asset records %.1f | FQN text %.1f | "
        "id maps %.1f | registrations %.1f  (bytes/edge)\n",
        double(s.graphBytes) / edges, double(s.assetBytes) / edges, double(s.fqnBytes) / edges,
        double(s.idMapBytes) / edges, double(s.registrationBytes) / edges);
    std::printf("  malloc heap growth over the build: %.1f bytes/edge\n",
                double(heapBytes() - heapBefore) / edges);
    return index;
}

struct QueryRun {
    Summary micros;
    Summary resultSize;
    Summary consumers;
};

QueryRun runQueries(const DependencyIndex& index, const std::vector<Uuid>& sources, uint32_t depth,
                    bool impact) {
    std::vector<double> micros, sizes, consumers;
    micros.reserve(sources.size());
    for (const Uuid& source : sources) {
        const auto start = Clock::now();
        size_t size = 0, teams = 0;
        if (impact) {
            const auto result = index.impact(source, depth);
            size = result->lineage.assets.size();
            teams = result->consumers.size();
        } else {
            size = index.downstream(source, depth)->assets.size();
        }
        micros.push_back(microsSince(start));
        sizes.push_back(double(size));
        consumers.push_back(double(teams));
    }
    return {summarize(micros), summarize(sizes), summarize(consumers)};
}

// One write as the server produces it: a new dependency and a contract publish (the asset's
// active contract changes), in one batch.
class WriteSource {
  public:
    WriteSource(const LineageData& data, uint64_t seed) : data_(data), random_(seed) {}

    IndexBatch next() {
        IndexBatch batch;
        const size_t n = data_.assets.size();
        size_t dependent, dependency;
        do {
            dependent = random_() % n;
            dependency = random_() % n;
        } while (data_.layerOf[dependent] <= data_.layerOf[dependency]);
        // putEdge is an upsert: an existing pair just gets its type set.
        batch.putEdge(
            {data_.assets[dependent].id, data_.assets[dependency].id, DependencyType::kReferences});
        AssetRow asset = data_.assets[random_() % n];
        asset.activeContractId = Uuid{random_(), random_()};
        batch.upsertAsset(std::move(asset));
        return batch;
    }

  private:
    const LineageData& data_;
    std::mt19937_64 random_;
};

Summary timeWrites(DependencyIndex& index, WriteSource& writes, size_t count,
                   uint64_t& generation) {
    std::vector<double> micros;
    for (size_t i = 0; i < count; ++i) {
        IndexBatch batch = writes.next();
        const auto start = Clock::now();
        index.apply(batch, ++generation);
        micros.push_back(microsSince(start));
    }
    return summarize(micros);
}

struct MixedRun {
    Summary readMicros;
    Summary writeMicros;
    size_t reads = 0;
    size_t writes = 0;
};

// One reader thread querying flat out while one writer applies batches at `rate` per second.
MixedRun runMixed(DependencyIndex& index, const std::vector<Uuid>& sources, uint32_t depth,
                  WriteSource& writes, double seconds, double rate, uint64_t& generation) {
    std::atomic<bool> done{false};
    std::vector<double> readMicros;
    std::thread reader([&] {
        size_t i = 0;
        while (!done.load(std::memory_order_relaxed)) {
            const auto start = Clock::now();
            const auto result = index.downstream(sources[i++ % sources.size()], depth);
            readMicros.push_back(microsSince(start));
        }
    });
    std::vector<double> writeMicros;
    const auto begin = Clock::now();
    const auto period = std::chrono::duration<double>(1.0 / rate);
    auto due = begin;
    while (millisSince(begin) < seconds * 1000.0) {
        std::this_thread::sleep_until(due);
        IndexBatch batch = writes.next();
        const auto start = Clock::now();
        index.apply(batch, ++generation);
        writeMicros.push_back(microsSince(start));
        due += std::chrono::duration_cast<Clock::duration>(period);
        if (due < Clock::now()) due = Clock::now();  // fell behind: do not burst
    }
    done = true;
    reader.join();
    return {summarize(readMicros), summarize(writeMicros), readMicros.size(), writeMicros.size()};
}

void compareAdjacencyList(const LineageData& data) {
    using AdjacencyList = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                                boost::no_property, DependencyType>;
    std::unordered_map<Uuid, uint32_t, UuidHash> vertexOf;
    for (uint32_t v = 0; v < data.assets.size(); ++v) vertexOf[data.assets[v].id] = v;
    const size_t heapBefore = heapBytes();
    const auto start = Clock::now();
    {
        AdjacencyList g(data.assets.size());
        for (const EdgeRow& edge : data.edges) {
            boost::add_edge(vertexOf[edge.dependentId], vertexOf[edge.dependencyId], edge.type, g);
        }
        std::printf(
            "for comparison: adjacency_list<vecS, vecS, bidirectionalS> with the edge "
            "type: %.1f bytes/edge for the edges alone, %.0f ms to insert\n",
            double(heapBytes() - heapBefore) / double(data.edges.size()), millisSince(start));
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parseOptions(argc, argv);
    const LineageParameters& p = options.lineage;

    auto start = Clock::now();
    const LineageData data = tessera::bench::generateLineage(p);
    std::printf(
        "lineage: %zu assets, %zu edges, %zu layers, fan-in %.1f, %zu registrations "
        "(generated in %.0f ms)\n",
        data.assets.size(), data.edges.size(), p.layers, p.fanIn, data.registrations.size(),
        millisSince(start));

    auto index = buildIndex(data, IndexOptions{ConcurrencyMode::kSharedLock}, true);

    std::mt19937_64 random(p.seed + 1);
    std::vector<Uuid> sources(options.queries);
    for (Uuid& source : sources) source = data.assets[random() % data.assets.size()].id;
    std::vector<Uuid> layerZero(std::min<size_t>(options.queries, 2000));
    const size_t firstLayerSize = data.assets.size() / std::max<size_t>(1, p.layers);
    for (Uuid& source : layerZero) source = data.assets[random() % firstLayerSize].id;

    std::printf("queries at depth %u, one thread, %zu random sources (all layers)\n", options.depth,
                sources.size());
    runQueries(*index, std::vector<Uuid>(sources.begin(), sources.begin() + sources.size() / 10),
               options.depth, false);  // warm caches and thread-local scratch
    const QueryRun down = runQueries(*index, sources, options.depth, false);
    print("downstream latency", down.micros, "µs");
    print("assets returned", down.resultSize, "");
    const QueryRun impact = runQueries(*index, sources, options.depth, true);
    print("impact (assets + consumers + totals) latency", impact.micros, "µs");
    print("consumer teams returned", impact.consumers, "");
    const QueryRun deep = runQueries(*index, layerZero, options.depth, false);
    std::printf("  sources in the first layer only (largest radius), %zu sources:\n",
                layerZero.size());
    print("downstream latency", deep.micros, "µs");
    print("assets returned", deep.resultSize, "");

    std::printf("writes (a new edge + a contract publish per batch), one thread\n");
    WriteSource writes(data, p.seed + 2);
    uint64_t generation = 1;
    print("kSharedLock apply", timeWrites(*index, writes, options.writes, generation), "µs");
    start = Clock::now();
    index->compact();
    std::printf("  compaction of the shared-lock index: %.0f ms (readers keep reading)\n",
                millisSince(start));
    const IndexStats after = index->stats();
    std::printf(
        "  memory after the writes and compaction (1/32 headroom for growth): %.1f "
        "bytes/edge\n",
        after.bytesPerEdge());

    auto snapshotIndex = buildIndex(data, IndexOptions{ConcurrencyMode::kSnapshot}, false);
    uint64_t snapshotGeneration = 1;
    const size_t snapshotWrites =
        std::max<size_t>(10, std::min<size_t>(options.writes, 20'000'000 / data.assets.size()));
    print("kSnapshot apply (copies the store)",
          timeWrites(*snapshotIndex, writes, snapshotWrites, snapshotGeneration), "µs");
    const QueryRun snapshotDown = runQueries(*snapshotIndex, sources, options.depth, false);
    print("kSnapshot downstream latency, no writer", snapshotDown.micros, "µs");

    std::printf("one reader flat out + one writer at %.0f batches/s for %.1f s\n",
                options.writeRate, options.seconds);
    for (auto [label, target, gen] :
         {std::tuple{"kSharedLock", index.get(), &generation},
          std::tuple{"kSnapshot", snapshotIndex.get(), &snapshotGeneration}}) {
        const MixedRun run = runMixed(*target, sources, options.depth, writes, options.seconds,
                                      options.writeRate, *gen);
        std::printf("  %s: %zu reads, %zu writes (%.0f/s achieved)\n", label, run.reads, run.writes,
                    double(run.writes) / options.seconds);
        print("  read latency", run.readMicros, "µs");
        print("  write latency", run.writeMicros, "µs");
    }

    if (options.adjacencyList) compareAdjacencyList(data);
    return 0;
}
