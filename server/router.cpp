#include "server/router.hpp"

#include <algorithm>

namespace tessera::server {
namespace {

bool isParameter(const std::string& segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Literal segments outrank parameters position by position (spec 01 §1.1 route precedence).
bool moreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const bool aLiteral = !isParameter(a[i]);
        const bool bLiteral = !isParameter(b[i]);
        if (aLiteral != bLiteral) return aLiteral;
    }
    return false;
}

}  // namespace

const char* scopeName(AuthRequirement requirement) {
    switch (requirement) {
        case AuthRequirement::Read:
            return "read";
        case AuthRequirement::Write:
            return "write";
        case AuthRequirement::Admin:
        case AuthRequirement::TeamCreationGate:
            return "admin";
        default:
            return "";
    }
}

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> segments;
    size_t start = 0;
    // "/a/b/" → ["a", "b", ""]: a trailing slash is a distinct (empty) segment.
    if (!path.empty() && path.front() == '/') start = 1;
    while (true) {
        const size_t slash = path.find('/', start);
        if (slash == std::string::npos) {
            segments.push_back(path.substr(start));
            break;
        }
        segments.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return segments;
}

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
    for (const Route& route : routes_) {
        compiled_.push_back(CompiledRoute{&route, splitPath(route.pathTemplate)});
    }
    std::stable_sort(compiled_.begin(), compiled_.end(),
                     [](const CompiledRoute& a, const CompiledRoute& b) {
                         return moreSpecific(a.segments, b.segments);
                     });
}

bool Router::pathMatches(const CompiledRoute& compiled, const std::vector<std::string>& segments,
                         std::map<std::string, std::string>* params) const {
    if (compiled.segments.size() != segments.size()) return false;
    for (size_t i = 0; i < segments.size(); ++i) {
        const std::string& expected = compiled.segments[i];
        if (isParameter(expected)) {
            // A parameter never matches an empty segment (e.g. "/teams/").
            if (segments[i].empty()) return false;
            if (params) {
                (*params)[expected.substr(1, expected.size() - 2)] =
                    percentDecode(segments[i], false);
            }
        } else if (expected != segments[i]) {
            return false;
        }
    }
    return true;
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    RouteMatch result;
    const std::vector<std::string> segments = splitPath(path);
    bool pathKnown = false;
    for (const CompiledRoute& compiled : compiled_) {
        // Match first, decode parameters only for the route that wins (this runs per request).
        if (!pathMatches(compiled, segments, nullptr)) continue;
        if (compiled.route->method == method) {
            result.kind = RouteMatch::Kind::Found;
            result.route = compiled.route;
            pathMatches(compiled, segments, &result.pathParams);
            return result;
        }
        pathKnown = true;
    }
    result.kind = pathKnown ? RouteMatch::Kind::MethodNotAllowed : RouteMatch::Kind::NotFound;
    return result;
}

bool Router::anyRouteMatchesPath(const std::string& path) const {
    const std::vector<std::string> segments = splitPath(path);
    return std::any_of(compiled_.begin(), compiled_.end(), [&](const CompiledRoute& compiled) {
        return pathMatches(compiled, segments, nullptr);
    });
}

std::optional<std::string> Router::redirectTarget(const std::string& path) const {
    std::string toggled;
    if (path.size() > 1 && path.back() == '/') {
        toggled = path.substr(0, path.size() - 1);
    } else {
        toggled = path + "/";
    }
    if (anyRouteMatchesPath(toggled)) return toggled;
    return std::nullopt;
}

}  // namespace tessera::server
