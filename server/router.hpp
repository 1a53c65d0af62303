// Route resolution with the rules of spec 01 §1.1: exact, case-sensitive paths; literal
// segments win over parameters; a path known for another method is 405; a path that matches
// only with its trailing slash toggled is a 307.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/route.hpp"

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

    RouteMatch match(const std::string& method, const std::string& path) const;

    // The path with its trailing slash toggled, if that path matches some route.
    std::optional<std::string> redirectTarget(const std::string& path) const;

    const std::vector<Route>& routes() const { return routes_; }

  private:
    struct CompiledRoute {
        const Route* route;
        std::vector<std::string> segments;  // "{name}" marks a parameter
    };
    bool pathMatches(const CompiledRoute& compiled, const std::vector<std::string>& segments,
                     std::map<std::string, std::string>* params) const;
    bool anyRouteMatchesPath(const std::string& path) const;

    std::vector<Route> routes_;
    std::vector<CompiledRoute> compiled_;  // most specific first
};

std::vector<std::string> splitPath(const std::string& path);

}  // namespace tessera::server
