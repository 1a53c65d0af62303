#include "server/metrics/metrics_registry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace tessera::server {
namespace {

bool validName(const std::string& name, bool allowColon) {
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                            (allowColon && c == ':');
        if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

// Label values escape backslash, double quote and newline; HELP text backslash and newline.
std::string escape(const std::string& text, bool quotes) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        if (c == '\\') {
            escaped += "\\\\";
        } else if (c == '\n') {
            escaped += "\\n";
        } else if (c == '"' && quotes) {
            escaped += "\\\"";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

// `a="x",b="y"` in the given order (callers keep a fixed order per metric).
std::string renderLabels(const MetricLabels& labels) {
    std::string text;
    for (const auto& [name, value] : labels) {
        if (!validName(name, false) || name.rfind("__", 0) == 0) {
            throw std::invalid_argument("invalid metric label name: " + name);
        }
        if (!text.empty()) text += ',';
        text += name + "=\"" + escape(value, true) + "\"";
    }
    return text;
}

// name{labels} or name{labels,extra}, without braces when there are none.
std::string seriesName(const std::string& name, const std::string& labels,
                       const std::string& extra = {}) {
    std::string joined = labels;
    if (!extra.empty()) joined += (joined.empty() ? "" : ",") + extra;
    return joined.empty() ? name : name + "{" + joined + "}";
}

}  // namespace

size_t metricShardOfThisThread() noexcept {
    static std::atomic<size_t> nextShard{0};
    thread_local const size_t shard =
        nextShard.fetch_add(1, std::memory_order_relaxed) % kMetricShards;
    return shard;
}

std::string formatMetricValue(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    // %g style, as Prometheus' own clients write bounds: 0.0005, 2.5, 10, 1e+06.
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
    return std::string(buffer, result.ptr);
}

uint64_t Counter::value() const noexcept {
    uint64_t total = 0;
    for (const Shard& shard : shards_) total += shard.value.load(std::memory_order_relaxed);
    return total;
}

Histogram::Histogram(std::vector<double> upperBounds) : bounds_(std::move(upperBounds)) {
    if (bounds_.size() > kMaxHistogramBounds) {
        throw std::invalid_argument("a histogram has at most " +
                                    std::to_string(kMaxHistogramBounds) + " bucket bounds");
    }
    if (!std::is_sorted(bounds_.begin(), bounds_.end()) ||
        std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end()) {
        throw std::invalid_argument("histogram bounds must be strictly ascending");
    }
}

void Histogram::observe(double value) noexcept {
    // A handful of bounds: a linear scan beats a binary search.
    size_t bucket = 0;
    while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
    Shard& shard = shards_[metricShardOfThisThread()];
    shard.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    shard.sum.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
    Snapshot snapshot;
    snapshot.cumulativeCounts.assign(bounds_.size() + 1, 0);
    for (const Shard& shard : shards_) {
        for (size_t i = 0; i <= bounds_.size(); ++i) {
            snapshot.cumulativeCounts[i] += shard.buckets[i].load(std::memory_order_relaxed);
        }
        snapshot.sum += shard.sum.load(std::memory_order_relaxed);
    }
    for (size_t i = 1; i < snapshot.cumulativeCounts.size(); ++i) {
        snapshot.cumulativeCounts[i] += snapshot.cumulativeCounts[i - 1];
    }
    return snapshot;
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, Kind kind,
                                                 const std::string& help) {
    if (!validName(name, true)) throw std::invalid_argument("invalid metric name: " + name);
    auto [it, inserted] = families_.try_emplace(name);
    Family& found = it->second;
    if (inserted) {
        found.kind = kind;
        found.help = help;
    } else if (found.kind != kind) {
        throw std::invalid_argument("metric " + name + " is registered with another type");
    }
    return found;
}

Counter& MetricsRegistry::counter(const std::string& name, const MetricLabels& labels,
                                  const std::string& help) {
    const std::string key = renderLabels(labels);
    std::lock_guard<std::mutex> lock(mutex_);
    auto& series = family(name, Kind::Counter, help).counters[key];
    if (!series) series = std::make_unique<Counter>();
    return *series;
}

Histogram& MetricsRegistry::histogram(const std::string& name, const MetricLabels& labels,
                                      const std::vector<double>& upperBounds,
                                      const std::string& help) {
    const std::string key = renderLabels(labels);
    for (const auto& [label, value] : labels) {
        if (label == "le") throw std::invalid_argument("`le` is reserved in histograms");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    Family& found = family(name, Kind::Histogram, help);
    if (found.histograms.empty()) found.bounds = upperBounds;
    auto& series = found.histograms[key];
    if (!series) series = std::make_unique<Histogram>(found.bounds);
    return *series;
}

Gauge& MetricsRegistry::sampled(const std::string& name, Kind kind, const MetricLabels& labels,
                                const std::string& help) {
    const std::string key = renderLabels(labels);
    std::lock_guard<std::mutex> lock(mutex_);
    auto& series = family(name, kind, help).gauges[key];
    if (!series) series = std::make_unique<Gauge>();
    return *series;
}

Gauge& MetricsRegistry::gauge(const std::string& name, const MetricLabels& labels,
                              const std::string& help) {
    return sampled(name, Kind::Gauge, labels, help);
}

Gauge& MetricsRegistry::sampledCounter(const std::string& name, const MetricLabels& labels,
                                       const std::string& help) {
    return sampled(name, Kind::SampledCounter, labels, help);
}

std::string MetricsRegistry::render() const {
    std::string text;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [name, family] : families_) {
        if (!family.help.empty())
            text += "# HELP " + name + " " + escape(family.help, false) + "\n";
        if (family.kind == Kind::Gauge || family.kind == Kind::SampledCounter) {
            text += "# TYPE " + name + (family.kind == Kind::Gauge ? " gauge\n" : " counter\n");
            for (const auto& [labels, gauge] : family.gauges) {
                text += seriesName(name, labels) + " " + formatMetricValue(gauge->value()) + "\n";
            }
            continue;
        }
        if (family.kind == Kind::Counter) {
            text += "# TYPE " + name + " counter\n";
            for (const auto& [labels, counter] : family.counters) {
                text += seriesName(name, labels) + " " + std::to_string(counter->value()) + "\n";
            }
            continue;
        }
        text += "# TYPE " + name + " histogram\n";
        for (const auto& [labels, histogram] : family.histograms) {
            const Histogram::Snapshot snapshot = histogram->snapshot();
            const auto& bounds = histogram->upperBounds();
            for (size_t i = 0; i < snapshot.cumulativeCounts.size(); ++i) {
                const std::string le =
                    i < bounds.size() ? formatMetricValue(bounds[i]) : std::string("+Inf");
                text += seriesName(name + "_bucket", labels, "le=\"" + le + "\"") + " " +
                        std::to_string(snapshot.cumulativeCounts[i]) + "\n";
            }
            text +=
                seriesName(name + "_sum", labels) + " " + formatMetricValue(snapshot.sum) + "\n";
            text += seriesName(name + "_count", labels) + " " +
                    std::to_string(snapshot.cumulativeCounts.back()) + "\n";
        }
    }
    return text;
}

}  // namespace tessera::server
