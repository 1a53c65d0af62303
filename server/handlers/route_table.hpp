// Every route of the service in one table (spec 01 §9.7 as data): method, path, auth
// requirement, rate-limit bucket, body kind and handler. Tests walk it for the auth matrix.
#pragma once

#include <vector>

#include "server/http/route.hpp"

namespace tessera::server {

// The API of spec 01–04 (/health, /metrics, /api/v1): the auth matrix of tests/http/auth_test.cpp.
std::vector<Route> buildRouteTable();

// The web UI of spec 04 §5: login, logout, the pages and /static/. Public routes to the
// pipeline; the pages check the session cookie themselves (302 /login, not 401).
std::vector<Route> buildWebRouteTable();

// What `tessera serve` serves: both of the above.
std::vector<Route> buildServedRoutes();

}  // namespace tessera::server
