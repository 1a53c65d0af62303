// Prometheus metrics: a registry of named counters and fixed-bucket histograms, rendered in the
// text exposition format 0.0.4 for GET /metrics.
//
// Updating is cheap from any thread: every counter and histogram is split into cache-line
// shards, each thread adds to its own shard with a relaxed atomic, and only rendering sums the
// shards. Looking a series up by name and labels takes the registry's mutex, so components look
// theirs up once and keep the reference, e.g.
//     Counter& hits = registry.counter("tessera_cache_requests_total", {{"result", "hit"}});
//     hits.increment();
// References stay valid for the registry's lifetime.
//
// Values owned elsewhere (the process's /proc figures, the pool, the index) are not counted
// here but sampled: the /metrics handler sets a Gauge per value before it renders. A sampled
// value that only grows (CPU seconds, rebuilds) is registered with sampledCounter(), which
// renders `# TYPE … counter`.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace tessera::server {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// Enough shards that each worker thread of a typical machine has its own.
inline constexpr size_t kMetricShards = 16;
// Bucket bounds a histogram may have (the +Inf bucket comes on top).
inline constexpr size_t kMaxHistogramBounds = 23;

// The shard of the calling thread (assigned round-robin on a thread's first update).
size_t metricShardOfThisThread() noexcept;

class Counter {
  public:
    void increment(uint64_t by = 1) noexcept {
        shards_[metricShardOfThisThread()].value.fetch_add(by, std::memory_order_relaxed);
    }
    uint64_t value() const noexcept;

  private:
    struct alignas(64) Shard {
        std::atomic<uint64_t> value{0};
    };
    std::array<Shard, kMetricShards> shards_;
};

// A value set from outside, rendered as sent (doubles: seconds, bytes, 0/1 states).
class Gauge {
  public:
    void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
    double value() const noexcept { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

// Observations counted in fixed buckets (upper bounds inclusive, as Prometheus' `le`), with
// their sum; the count is the total over the buckets.
class Histogram {
  public:
    // Ascending bounds, at most kMaxHistogramBounds (std::invalid_argument otherwise).
    explicit Histogram(std::vector<double> upperBounds);

    void observe(double value) noexcept;

    struct Snapshot {
        std::vector<uint64_t> cumulativeCounts;  // one per bound, then +Inf (= count)
        double sum = 0.0;
    };
    Snapshot snapshot() const;
    const std::vector<double>& upperBounds() const { return bounds_; }

  private:
    struct alignas(64) Shard {
        std::atomic<double> sum{0.0};
        std::array<std::atomic<uint64_t>, kMaxHistogramBounds + 1> buckets{};
    };
    std::vector<double> bounds_;
    std::array<Shard, kMetricShards> shards_;
};

class MetricsRegistry {
  public:
    // The counter with this name and labels, created on first use. `help` is kept from the
    // first registration of the name. A name already used by a histogram, or an invalid metric
    // or label name, is a programming error (std::invalid_argument).
    Counter& counter(const std::string& name, const MetricLabels& labels = {},
                     const std::string& help = {});
    // Likewise for histograms; every series of one name shares the bounds of the first.
    Histogram& histogram(const std::string& name, const MetricLabels& labels,
                         const std::vector<double>& upperBounds, const std::string& help = {});

    // The gauge with this name and labels, created on first use (rules as for counter()).
    Gauge& gauge(const std::string& name, const MetricLabels& labels = {},
                 const std::string& help = {});
    // A gauge whose value only grows, typed `counter` (its name should end in _total).
    Gauge& sampledCounter(const std::string& name, const MetricLabels& labels = {},
                          const std::string& help = {});

    // Every metric in the text exposition format 0.0.4: families by name, series by labels.
    std::string render() const;

  private:
    enum class Kind { Counter, Histogram, Gauge, SampledCounter };
    struct Family {
        Kind kind = Kind::Counter;
        std::string help;
        std::vector<double> bounds;
        // Keyed by the rendered label set, e.g. `method="GET",route="/health"`.
        std::map<std::string, std::unique_ptr<Counter>> counters;
        std::map<std::string, std::unique_ptr<Histogram>> histograms;
        std::map<std::string, std::unique_ptr<Gauge>> gauges;  // Gauge and SampledCounter
    };
    Gauge& sampled(const std::string& name, Kind kind, const MetricLabels& labels,
                   const std::string& help);
    Family& family(const std::string& name, Kind kind, const std::string& help);

    mutable std::mutex mutex_;
    std::map<std::string, Family> families_;
};

// Content-Type of render()'s text.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4";

// A sample value as Prometheus expects it: shortest round-trip text in %g style ("0.0005", "1",
// "2.5e-07", "1e+06"), and +Inf / -Inf / NaN.
std::string formatMetricValue(double value);

}  // namespace tessera::server
