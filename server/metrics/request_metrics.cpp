#include "server/metrics/request_metrics.hpp"

namespace tessera::server {
namespace {

const char* const kRequestsName = "tessera_http_requests_total";
const char* const kRequestsHelp = "HTTP requests by method, route template and status code.";
const char* const kDurationName = "tessera_http_request_duration_seconds";
const char* const kDurationHelp = "HTTP request duration in seconds by route template.";
const char* const kUnmatchedRoute = "unmatched";

// Methods of unmatched requests keep their own label; anything else is OTHER, so clients
// cannot invent label values.
const std::array<const char*, 9> kKnownMethods = {"GET",  "POST",    "PUT",     "PATCH", "DELETE",
                                                  "HEAD", "OPTIONS", "CONNECT", "TRACE"};

constexpr int kFirstStatus = 100;
constexpr int kLastStatus = 599;

}  // namespace

struct HttpRequestMetrics::Series {
    std::string method;
    std::string route;
    // Registered on the route's first request, so only requested routes are exposed.
    std::atomic<Histogram*> latency{nullptr};
    // Counter per status code (index status - 100), filled on first use.
    std::array<std::atomic<Counter*>, kLastStatus - kFirstStatus + 1> byStatus{};
};

const std::vector<double>& HttpRequestMetrics::latencyBuckets() {
    static const std::vector<double> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
    return buckets;
}

HttpRequestMetrics::HttpRequestMetrics(MetricsRegistry& registry, const std::vector<Route>& routes)
    : registry_(registry) {
    auto makeSeries = [](const std::string& method, const std::string& route) {
        auto series = std::make_unique<Series>();
        series->method = method;
        series->route = route;
        return series;
    };
    for (const Route& route : routes) {
        routes_.emplace(&route, makeSeries(route.method, route.pathTemplate));
    }
    for (const char* method : kKnownMethods) {
        unmatched_.push_back(makeSeries(method, kUnmatchedRoute));
    }
    unmatched_.push_back(makeSeries("OTHER", kUnmatchedRoute));
}

HttpRequestMetrics::~HttpRequestMetrics() = default;

HttpRequestMetrics::Series& HttpRequestMetrics::unmatchedSeries(const std::string& method) {
    for (size_t i = 0; i < kKnownMethods.size(); ++i) {
        if (method == kKnownMethods[i]) return *unmatched_[i];
    }
    return *unmatched_.back();
}

Counter& HttpRequestMetrics::statusCounter(Series& series, int status) {
    auto lookUp = [&]() -> Counter& {
        return registry_.counter(kRequestsName,
                                 {{"method", series.method},
                                  {"route", series.route},
                                  {"status", std::to_string(status)}},
                                 kRequestsHelp);
    };
    if (status < kFirstStatus || status > kLastStatus) return lookUp();  // never sent in practice
    std::atomic<Counter*>& slot = series.byStatus[static_cast<size_t>(status - kFirstStatus)];
    Counter* counter = slot.load(std::memory_order_acquire);
    if (counter == nullptr) {
        // First request with this status: the registry hands every thread the same counter.
        counter = &lookUp();
        slot.store(counter, std::memory_order_release);
    }
    return *counter;
}

Histogram& HttpRequestMetrics::latencyHistogram(Series& series) {
    Histogram* histogram = series.latency.load(std::memory_order_acquire);
    if (histogram == nullptr) {
        // Routes sharing a template (GET and PATCH /assets/{asset_id}) share one histogram.
        histogram = &registry_.histogram(kDurationName, {{"route", series.route}}, latencyBuckets(),
                                         kDurationHelp);
        series.latency.store(histogram, std::memory_order_release);
    }
    return *histogram;
}

void HttpRequestMetrics::record(const Route* route, const std::string& method, int status,
                                double seconds) {
    Series* series = nullptr;
    if (route != nullptr) {
        auto it = routes_.find(route);
        if (it != routes_.end()) series = it->second.get();
    }
    if (series == nullptr) series = &unmatchedSeries(method);
    latencyHistogram(*series).observe(seconds);
    statusCounter(*series, status).increment();
}

}  // namespace tessera::server
