#include "server/http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace tessera::server {
namespace {

bool isParameter(const std::string& segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// `{name...}`: the rest of the path.
bool isRestParameter(const std::string& segment) {
    return isParameter(segment) && segment.size() > 5 &&
           segment.compare(segment.size() - 4, 4, "...}") == 0;
}

}  // namespace

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
        Node* node = &root_;
        const std::vector<std::string> segments = splitPath(route.pathTemplate);
        for (size_t i = 0; i < segments.size(); ++i) {
            const std::string& segment = segments[i];
            if (isRestParameter(segment)) {
                if (i + 1 != segments.size()) {
                    throw std::logic_error("route " + route.pathTemplate +
                                           ": a {name...} segment must come last");
                }
                if (!node->rest) node->rest = std::make_unique<Node>();
                node->restName = segment.substr(1, segment.size() - 5);
                node = node->rest.get();
            } else if (isParameter(segment)) {
                const std::string name = segment.substr(1, segment.size() - 2);
                if (!node->parameter) {
                    node->parameter = std::make_unique<Node>();
                    node->parameterName = name;
                } else if (node->parameterName != name) {
                    throw std::logic_error("route " + route.pathTemplate + " names parameter {" +
                                           name + "} where another route names {" +
                                           node->parameterName + "}");
                }
                node = node->parameter.get();
            } else {
                node = &node->literals[segment];
            }
        }
        node->routes.push_back(&route);
    }
}

Router::PathSegments Router::segmentsOf(std::string_view path) {
    PathSegments segments;
    segments.reserve(8);
    size_t start = path.empty() || path.front() != '/' ? 0 : 1;
    while (true) {
        const size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            segments.push_back(path.substr(start));
            return segments;
        }
        segments.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
}

template <typename Visit>
bool Router::walk(const Node& node, const PathSegments& segments, size_t depth,
                  std::vector<std::pair<const std::string*, std::string_view>>& parameters,
                  Visit&& visit) {
    if (depth == segments.size()) return !node.routes.empty() && visit(node.routes, parameters);
    const std::string_view segment = segments[depth];
    if (auto literal = node.literals.find(segment); literal != node.literals.end()) {
        if (walk(literal->second, segments, depth + 1, parameters, visit)) return true;
    }
    // A parameter never matches an empty segment (e.g. "/teams/").
    if (node.parameter && !segment.empty()) {
        parameters.emplace_back(&node.parameterName, segment);
        if (walk(*node.parameter, segments, depth + 1, parameters, visit)) return true;
        parameters.pop_back();
    }
    // The rest of the path, from this segment to the end, when it is not empty.
    if (node.rest && !segment.empty() && !node.rest->routes.empty()) {
        const std::string_view last = segments.back();
        const std::string_view rest(
            segment.data(), static_cast<size_t>(last.data() + last.size() - segment.data()));
        parameters.emplace_back(&node.restName, rest);
        if (visit(node.rest->routes, parameters)) return true;
        parameters.pop_back();
    }
    return false;
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
    RouteMatch result;
    const PathSegments segments = segmentsOf(path);
    std::vector<std::pair<const std::string*, std::string_view>> parameters;
    bool pathKnown = false;
    const bool found = walk(root_, segments, 0, parameters,
                            [&](const std::vector<const Route*>& routes, const auto& values) {
                                for (const Route* route : routes) {
                                    if (route->method != method) continue;
                                    result.route = route;
                                    for (const auto& [name, value] : values) {
                                        result.pathParams[*name] = percentDecode(value, false);
                                    }
                                    return true;
                                }
                                pathKnown = true;
                                return false;
                            });
    if (found) {
        result.kind = RouteMatch::Kind::Found;
    } else {
        result.kind = pathKnown ? RouteMatch::Kind::MethodNotAllowed : RouteMatch::Kind::NotFound;
    }
    return result;
}

bool Router::anyRouteMatchesPath(const std::string& path) const {
    std::vector<std::pair<const std::string*, std::string_view>> parameters;
    return walk(root_, segmentsOf(path), 0, parameters,
                [](const std::vector<const Route*>&, const auto&) { return true; });
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
