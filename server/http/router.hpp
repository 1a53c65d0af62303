// Route resolution with the rules of spec 01 §1.1: exact, case-sensitive paths; literal
// segments win over parameters; a path known for another method is 405; a path that matches
// only with its trailing slash toggled is a 307. A last segment `{name...}` takes the rest of
// the path, one or more segments with their slashes (the web UI's /static/{path...}).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/route.hpp"

namespace tessera::server {

struct RouteMatch {
    enum class Kind { Found, MethodNotAllowed, NotFound };
    Kind kind = Kind::NotFound;
    const Route* route = nullptr;
    std::map<std::string, std::string> pathParams;  // percent-decoded
};

class Router {
  public:
    explicit Router(std::vector<Route> routes);
    // The trie points into routes_: moving keeps the elements in place, copying would not.
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;
    Router(Router&&) = default;
    Router& operator=(Router&&) = default;

    RouteMatch match(const std::string& method, const std::string& path) const;

    // The path with its trailing slash toggled, if that path matches some route.
    std::optional<std::string> redirectTarget(const std::string& path) const;

    const std::vector<Route>& routes() const { return routes_; }

  private:
    // A trie of path templates, one level per segment. Matching walks literal children before
    // the parameter child, so templates are tried in precedence order (literal beats parameter
    // at the first position where they differ) without looking at unrelated routes, and without
    // allocating per segment: it runs for every request.
    struct Node {
        std::map<std::string, Node, std::less<>> literals;
        std::unique_ptr<Node> parameter;
        std::string parameterName;         // of `parameter`
        std::unique_ptr<Node> rest;        // a `{name...}` segment: the rest of the path
        std::string restName;              // of `rest`
        std::vector<const Route*> routes;  // templates ending here, in table order
    };
    using PathSegments = std::vector<std::string_view>;
    static PathSegments segmentsOf(std::string_view path);

    // Calls visit(routes, parameterValues) (pairs of parameter name and raw value) for each
    // template matching `segments`, in precedence order, until visit returns true; returns whether
    // it did.
    template <typename Visit>
    static bool walk(const Node& node, const PathSegments& segments, size_t depth,
                     std::vector<std::pair<const std::string*, std::string_view>>& parameters,
                     Visit&& visit);
    bool anyRouteMatchesPath(const std::string& path) const;

    std::vector<Route> routes_;
    Node root_;
};

std::vector<std::string> splitPath(const std::string& path);

}  // namespace tessera::server
