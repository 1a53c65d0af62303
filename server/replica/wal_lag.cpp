#include "server/replica/wal_lag.hpp"

#include <charconv>

namespace tessera::server {
namespace {

std::optional<uint32_t> parseHex32(std::string_view text) {
    if (text.empty() || text.size() > 8) return std::nullopt;
    uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::optional<uint64_t> parseLsn(std::string_view text) {
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto high = parseHex32(text.substr(0, slash));
    const auto low = parseHex32(text.substr(slash + 1));
    if (!high || !low) return std::nullopt;
    return (static_cast<uint64_t>(*high) << 32) | *low;
}

void ReplayLagTracker::primaryAt(Clock::time_point takenAt, uint64_t lsn) {
    samples_.emplace_back(takenAt, lsn);
    // The newest sample always stays: it is what a caught-up replica is measured against.
    while (samples_.size() > 1 && samples_.front().first < takenAt - keep_) samples_.pop_front();
}

std::optional<ReplayLagTracker::Clock::time_point> ReplayLagTracker::caughtUpTo(
    uint64_t replayedLsn) const {
    for (auto sample = samples_.rbegin(); sample != samples_.rend(); ++sample) {
        if (sample->second <= replayedLsn) return sample->first;
    }
    return std::nullopt;
}

}  // namespace tessera::server
