// The documentation of every route (server/http/route_doc.hpp), keyed "METHOD /path/template"
// as in the route table; GET /openapi.json joins the two (server/handlers/openapi.cpp), and a
// test fails when a route has no entry or an entry no route. Limits that come from
// configuration (page sizes, traversal depth, name lengths) are read from it, so the document
// describes the running server.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "server/config.hpp"
#include "server/http/route_doc.hpp"

namespace tessera::server {

using RouteDocs = std::map<std::string, RouteDoc>;

// Health, metrics, the documents themselves, teams, users, API keys, the audit log.
RouteDocs platformRouteDocs(const Config& config);
// Assets, their contracts, audit runs, dependencies, lineage, impact, blast radius.
RouteDocs assetRouteDocs(const Config& config);
// Contracts, registrations, proposals, webhook deliveries, sync.
RouteDocs contractRouteDocs(const Config& config);

// The web UI's pages, login and static files (HTML, outside /api/v1).
RouteDocs webRouteDocs();

// All of the above.
RouteDocs allRouteDocs(const Config& config);

// Small constructors the catalogues share.
namespace doc {

std::string ref(const std::string& component);     // {"$ref":"#/components/schemas/<component>"}
std::string pageOf(const std::string& component);  // the standard page of <component> items
std::string arrayOf(const std::string& schemaJson);
std::string stringSchema(size_t minLength, size_t maxLength);
std::string enumOf(const std::vector<std::string>& values);  // {"enum":[…]}

ParamDoc uuid(std::string name, std::string description, bool required = false);
ParamDoc text(std::string name, std::string description);
ParamDoc flag(std::string name, bool fallback, std::string description);
ParamDoc oneOf(std::string name, const std::vector<std::string>& values, std::string description,
               bool required = false);
ParamDoc integer(std::string name, long long fallback, long long minimum, long long maximum,
                 std::string description);
ParamDoc datetime(std::string name, std::string description);

ResponseDoc ok(std::string schemaJson, std::string description = "OK");
ResponseDoc created(std::string schemaJson, std::string description = "Created");
ResponseDoc noContent(std::string description = "No Content");
ResponseDoc error(int status, std::vector<std::string> codes, std::string description);

// The configured PAGINATION_LIMIT_DEFAULT / _MAX on a route.
RouteDoc paged(RouteDoc route, const Config& config);
// The fixed 50 / 100 of the lists spec 01 §7 names.
RouteDoc fixedPaged(RouteDoc route);

}  // namespace doc

}  // namespace tessera::server
