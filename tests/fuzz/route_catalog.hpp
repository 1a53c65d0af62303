// The routes to fuzz, read from the server's own route table (server/handlers/route_table.cpp),
// so a route added there is fuzzed without touching the driver.
#pragma once

#include <string>
#include <vector>

namespace tessera::fuzz {

struct FuzzRoute {
    std::string method;
    std::string pathTemplate;             // /api/v1/teams/{team_id}
    std::vector<std::string> parameters;  // team_id, in path order
    bool jsonBody = false;
    bool authenticated = false;
    std::string key() const { return method + " " + pathTemplate; }
};

std::vector<FuzzRoute> routeCatalog();

// `pathTemplate` with each {name} replaced by values[i] (given already encoded as wanted).
std::string fillTemplate(const std::string& pathTemplate, const std::vector<std::string>& values);

}  // namespace tessera::fuzz
