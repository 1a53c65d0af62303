// Throughput of a `WITH RECURSIVE` baseline (recursive_radius.hpp, recursive_summary.hpp) with
// C clients in parallel, each on its own connection and thread: the same concurrency as C
// keep-alive HTTP connections, so that HTTP and Postgres throughput compare at equal load.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "benchmarks/latency_summary.hpp"
#include "graph/dependency_index.hpp"

namespace tessera::bench {

// Queries per second of `Cte::downstream(root, depth)` with `connections` clients in parallel,
// `perClient` queries each (after one that prepares the statement and warms the cache).
template <typename Cte>
double cteThroughput(const std::string& url, const graph::Uuid& root, uint32_t depth,
                     size_t connections, size_t perClient) {
    std::vector<std::unique_ptr<Cte>> clients;
    for (size_t i = 0; i < connections; ++i) {
        clients.push_back(std::make_unique<Cte>(url));
        clients.back()->downstream(root, depth);
    }
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (auto& client : clients) {
        threads.emplace_back([&, c = client.get()] {
            for (size_t i = 0; i < perClient; ++i) c->downstream(root, depth);
        });
    }
    for (std::thread& thread : threads) thread.join();
    return double(connections * perClient) / (millisSince(start) / 1000);
}

}  // namespace tessera::bench
