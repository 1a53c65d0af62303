// The HTTP request metrics the pipeline records once per request:
//   tessera_http_requests_total{method,route,status}                 counter
//   tessera_http_request_duration_seconds_bucket{route,le} / _sum / _count   histogram
// `route` is the route template (/api/v1/assets/{asset_id}), so ids never become labels;
// requests that matched no route (404, 405, 307, CORS preflight) count as route="unmatched".
// A route's histogram and each of its status counters are looked up in the registry once, on
// first use, and kept in atomics, so recording takes no lock; only requested routes appear.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/http/route.hpp"
#include "server/metrics/metrics_registry.hpp"

namespace tessera::server {

class HttpRequestMetrics {
  public:
    // `routes` must outlive this object (the router's table: requests are recorded by the
    // address of the route they matched).
    HttpRequestMetrics(MetricsRegistry& registry, const std::vector<Route>& routes);
    ~HttpRequestMetrics();

    // `route` is null when the request matched no route.
    void record(const Route* route, const std::string& method, int status, double seconds);

    static const std::vector<double>& latencyBuckets();

  private:
    struct Series;
    Series& unmatchedSeries(const std::string& method);
    Counter& statusCounter(Series& series, int status);
    Histogram& latencyHistogram(Series& series);

    MetricsRegistry& registry_;
    std::unordered_map<const Route*, std::unique_ptr<Series>> routes_;  // fixed after construction
    std::vector<std::unique_ptr<Series>> unmatched_;                    // one per known method
};

}  // namespace tessera::server
