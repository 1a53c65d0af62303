#include "tests/fuzz/route_catalog.hpp"

#include "server/handlers/route_table.hpp"

namespace tessera::fuzz {

std::vector<FuzzRoute> routeCatalog() {
    std::vector<FuzzRoute> catalog;
    for (const server::Route& route : server::buildRouteTable()) {
        FuzzRoute fuzzRoute;
        fuzzRoute.method = route.method;
        fuzzRoute.pathTemplate = route.pathTemplate;
        fuzzRoute.jsonBody = route.body == server::BodyKind::Json;
        fuzzRoute.authenticated = route.auth != server::AuthRequirement::None;
        for (size_t open = route.pathTemplate.find('{'); open != std::string::npos;
             open = route.pathTemplate.find('{', open + 1)) {
            const size_t close = route.pathTemplate.find('}', open);
            fuzzRoute.parameters.push_back(route.pathTemplate.substr(open + 1, close - open - 1));
        }
        catalog.push_back(std::move(fuzzRoute));
    }
    return catalog;
}

std::string fillTemplate(const std::string& pathTemplate, const std::vector<std::string>& values) {
    std::string path;
    size_t index = 0;
    for (size_t at = 0; at < pathTemplate.size();) {
        const size_t open = pathTemplate.find('{', at);
        if (open == std::string::npos) {
            path += pathTemplate.substr(at);
            break;
        }
        path += pathTemplate.substr(at, open - at);
        path += index < values.size() ? values[index] : std::string();
        ++index;
        at = pathTemplate.find('}', open) + 1;
    }
    return path;
}

}  // namespace tessera::fuzz
