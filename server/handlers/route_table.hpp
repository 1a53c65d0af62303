// Every route of the service in one table (spec 01 §9.7 as data): method, path, auth
// requirement, rate-limit bucket, body kind and handler. Tests walk it for the auth matrix.
#pragma once

#include <vector>

#include "server/http/route.hpp"

namespace tessera::server {

std::vector<Route> buildRouteTable();

}  // namespace tessera::server
