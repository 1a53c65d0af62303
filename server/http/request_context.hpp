// What a handler sees: the request, its route parameters and parsed body, who is calling, the
// shared services, and the request's database session (one transaction per request).
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "server/app.hpp"
#include "server/cache/cache_keys.hpp"
#include "server/http/http_types.hpp"
#include "server/http/route.hpp"
#include "store/db_session.hpp"
#include "store/graph_changes.hpp"

namespace tessera::server {

// The acting team and its scopes (spec 01 §9).
struct AuthContext {
    std::string teamId;  // empty for public routes
    std::vector<std::string> scopes;
    std::string apiKeyId;  // empty unless authenticated by a stored key
    // The user of a web UI session when the request was authenticated by its cookie (spec 04
    // §5.2); empty otherwise.
    std::string sessionUserId;
    // Postgres was unreachable and the key was accepted because this replica verified it a few
    // minutes ago: only answers that need no database can succeed, and they say they may be
    // stale (server/pipeline/request_pipeline.cpp).
    bool verifiedDuringOutage = false;

    bool hasScope(const std::string& scope) const {
        for (const auto& held : scopes) {
            if (held == "admin" || held == scope) return true;
        }
        return false;
    }
    bool isAdmin() const { return hasScope("admin"); }
};

class RequestContext {
  public:
    RequestContext(App& app, const HttpRequest& request, std::string requestId)
        : app(app), request(request), requestId(std::move(requestId)), db(*app.pool) {}

    App& app;
    const HttpRequest& request;
    const std::string requestId;
    const Route* route = nullptr;
    std::map<std::string, std::string> pathParams;
    // The parsed JSON body; nullptr when absent (empty body or literal null).
    const rapidjson::Value* body = nullptr;
    rapidjson::Document bodyDocument;
    AuthContext auth;
    store::DbSession db;
    // Rows of the dependency index this request changed (server/services/write_effects.hpp);
    // recorded and notified just before commit.
    store::GraphChange graphChange;
    // Cached reads this request's writes make stale (server/services/write_effects.hpp);
    // invalidated right after commit, before the response leaves.
    CacheChange cacheChange;

    const Config& config() const { return app.config; }

    // Called by RequestValidator::finish() once the request is known to be valid: the
    // per-scope rate limit counts only requests that got this far (spec 01 §1.7 step 8).
    void markValidated() {
        if (validated_) return;
        validated_ = true;
        if (onValidated_) onValidated_(*this);
    }
    void setOnValidated(std::function<void(RequestContext&)> hook) {
        onValidated_ = std::move(hook);
    }

  private:
    bool validated_ = false;
    std::function<void(RequestContext&)> onValidated_;
};

}  // namespace tessera::server
