#include "core/rate_limit_rules.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace tessera::core {
namespace {

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

std::optional<int64_t> positiveInteger(const std::string& text) {
    if (text.empty() || text.size() > 12) return std::nullopt;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    const int64_t value = std::stoll(text);
    return value > 0 ? std::optional<int64_t>(value) : std::nullopt;
}

// Period name (singular or plural, any case) → seconds and its singular spelling.
std::optional<std::pair<int64_t, std::string>> period(std::string name) {
    name = asciiLower(name);
    if (name.size() > 1 && name.back() == 's') name.pop_back();
    static const std::pair<const char*, int64_t> periods[] = {
        {"second", 1},  {"minute", 60},     {"hour", 3600},
        {"day", 86400}, {"month", 2592000}, {"year", 31536000}};
    for (const auto& [singular, seconds] : periods) {
        if (name == singular) return std::make_pair(seconds, std::string(singular));
    }
    return std::nullopt;
}

std::optional<RateLimit> parseOne(std::string_view text) {
    std::string spec(text);
    std::replace(spec.begin(), spec.end(), '/', ' ');
    std::vector<std::string> parts = words(spec);
    // "<amount> <period>" (from "<amount>/<period>") or "<amount> per [<n>] <period>"
    if (parts.size() >= 2 && asciiLower(parts[1]) == "per") parts.erase(parts.begin() + 1);
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    auto amount = positiveInteger(parts[0]);
    int64_t multiplier = 1;
    if (parts.size() == 3) {
        auto n = positiveInteger(parts[1]);
        if (!n) return std::nullopt;
        multiplier = *n;
    }
    auto unit = period(parts.back());
    if (!amount || !unit) return std::nullopt;
    RateLimit limit;
    limit.amount = *amount;
    limit.window = std::chrono::seconds(unit->first * multiplier);
    limit.description =
        std::to_string(*amount) + " per " + std::to_string(multiplier) + " " + unit->second;
    return limit;
}

}  // namespace

std::optional<std::vector<RateLimit>> parseRateLimits(std::string_view text, std::string* error) {
    std::vector<RateLimit> limits;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of(",;|", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view item = text.substr(start, end - start);
        if (!words(item).empty()) {
            auto limit = parseOne(item);
            if (!limit) {
                if (error) {
                    *error = "invalid rate limit '" + std::string(item) +
                             "' (expected e.g. 100/minute or 5 per 10 seconds)";
                }
                return std::nullopt;
            }
            limits.push_back(std::move(*limit));
        }
        start = end + 1;
    }
    if (limits.empty()) {
        if (error) *error = "no rate limit given";
        return std::nullopt;
    }
    return limits;
}

}  // namespace tessera::core
