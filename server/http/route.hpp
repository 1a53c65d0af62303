// A route is data: method, path template, what authentication it needs, which rate-limit bucket
// it counts against, whether it reads a JSON body, and its handler. The whole table lives in
// server/handlers/route_table.cpp so tests can walk every route (the auth matrix).
#pragma once

#include <functional>
#include <string>

#include "server/http/http_types.hpp"

namespace tessera::server {

class RequestContext;

// Spec 01 §9.7 "Auth" column.
enum class AuthRequirement {
    None,              // public
    Authenticated,     // any valid credential, any scopes
    Read,              // scope read (admin satisfies every scope)
    Write,             // scope write
    Admin,             // scope admin
    TeamCreationGate,  // POST /teams: spec 01 §10.1
};

// Spec 01 §9.7 "Bucket" column (§6 scope limits).
enum class RateBucket { None, Read, Write, Admin };

enum class BodyKind { None, Json };

using Handler = std::function<HttpResponse(RequestContext&)>;

struct Route {
    std::string method;
    std::string pathTemplate;  // e.g. /api/v1/teams/{team_id}
    AuthRequirement auth = AuthRequirement::None;
    RateBucket bucket = RateBucket::None;
    BodyKind body = BodyKind::None;
    Handler handler;
};

const char* scopeName(AuthRequirement requirement);
// "read", "write", "admin"; "" for RateBucket::None (the global limit only).
const char* rateBucketName(RateBucket bucket);

}  // namespace tessera::server
