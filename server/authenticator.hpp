// Who is calling (spec 01 §9). Resolves the acting team and scopes for a route's requirement,
// or throws the 401/403/503 of the spec.
#pragma once

#include "server/route.hpp"

namespace tessera::server {

class RequestContext;
struct App;

class Authenticator {
  public:
    explicit Authenticator(App& app) : app_(app) {}

    // Fills context.auth for routes that need authentication; throws core::ApiError otherwise.
    void authenticate(RequestContext& context) const;

  private:
    void authenticateAsFirstTeam(RequestContext& context) const;

    App& app_;
};

}  // namespace tessera::server
