// Cost of recording one request's metrics (server/metrics/request_metrics: a status counter and a
// latency histogram, sharded atomics), with 1, 2 and 4 threads on one shared route (the contended
// case) and on distinct routes, next to the naive design measured in the same run: one mutex around
// a map keyed by the label text. The target: a few tens of nanoseconds, flat as threads are added.
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/metrics/request_metrics.hpp"

using namespace tessera::server;
using Clock = std::chrono::steady_clock;

namespace {

HttpResponse noop(RequestContext&) {
    return {};
}

std::vector<Route> makeRoutes() {
    std::vector<Route> routes;
    for (int i = 0; i < 8; ++i) {
        std::string path = "/api/v1/things";
        path.append(std::to_string(i)).append("/{id}");
        routes.push_back(
            {"GET", path, AuthRequirement::Read, RateBucket::Read, BodyKind::None, noop});
    }
    return routes;
}

// The naive registry: every update takes one lock and builds its key.
struct MutexMetrics {
    std::mutex mutex;
    std::map<std::string, unsigned long long> counters;
    std::map<std::string, double> sums;
    void record(const Route& route, int status, double seconds) {
        const std::string key =
            route.method + "|" + route.pathTemplate + "|" + std::to_string(status);
        std::lock_guard<std::mutex> lock(mutex);
        ++counters[key];
        sums[route.pathTemplate] += seconds;
    }
};

template <typename Record>
double nanosPerRecord(int threads, int callsPerThread, Record&& record) {
    std::vector<std::thread> workers;
    const auto start = Clock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < callsPerThread; ++i) record(t, i);
        });
    }
    for (auto& worker : workers) worker.join();
    const double elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    return elapsed / (static_cast<double>(threads) * callsPerThread);
}

}  // namespace

int main() {
    const std::vector<Route> routes = makeRoutes();
    const int calls = 2000000;
    for (int threads : {1, 2, 4}) {
        for (bool shared : {true, false}) {
            MetricsRegistry registry;
            HttpRequestMetrics metrics(registry, routes);
            MutexMetrics naive;
            auto routeFor = [&](int t) -> const Route& { return routes[shared ? 0 : t % 8]; };
            const double sharded = nanosPerRecord(threads, calls, [&](int t, int i) {
                metrics.record(&routeFor(t), "GET", i % 16 == 0 ? 404 : 200, 0.0003);
            });
            const double locked = nanosPerRecord(threads, calls / 4, [&](int t, int i) {
                naive.record(routeFor(t), i % 16 == 0 ? 404 : 200, 0.0003);
            });
            std::printf(
                "threads=%d %-15s sharded %5.1f ns, one mutex + map %6.1f ns per request (wall / "
                "requests, %.1fx)\n",
                threads, shared ? "one route" : "distinct routes", sharded, locked,
                locked / sharded);
        }
    }
    return 0;
}
