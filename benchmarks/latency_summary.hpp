// Timing helpers shared by the benchmark programs: a steady clock, elapsed time in the units the
// tables print, and mean / p50 / p99 / max of a set of samples.
#pragma once

#include <algorithm>
#include <chrono>
#include <numeric>
#include <vector>

namespace tessera::bench {

using Clock = std::chrono::steady_clock;

inline double millisSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

inline double microsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

struct Summary {
    double mean = 0, p50 = 0, p99 = 0, max = 0;
};

// Quantiles are nearest-rank on the sorted samples (p99 of 100 samples is the largest one).
inline Summary summarize(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    auto at = [&](double q) {
        return values[std::min(values.size() - 1, size_t(q * double(values.size())))];
    };
    return {std::accumulate(values.begin(), values.end(), 0.0) / double(values.size()), at(0.5),
            at(0.99), values.back()};
}

}  // namespace tessera::bench
