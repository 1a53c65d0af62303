// The request processing order of spec 01 §1.7, in one place: CORS preflight → request id →
// route resolution (307/404/405) → body parse → authentication/scope → handler → commit. Every
// outcome, including failures, becomes an HttpResponse here; nothing escapes.
#pragma once

#include <memory>

#include "server/app.hpp"
#include "server/http/http_types.hpp"
#include "server/http/router.hpp"
#include "server/metrics/request_metrics.hpp"
#include "server/middleware/authenticator.hpp"
#include "server/middleware/cors.hpp"

namespace tessera::server {

class RequestContext;

class RequestPipeline {
  public:
    RequestPipeline(App& app, std::vector<Route> routes);

    HttpResponse handle(const HttpRequest& request);

    const Router& router() const { return router_; }

  private:
    // What the metrics and the access log need to know about a request once it is answered.
    struct RequestTrace {
        const Route* route = nullptr;  // the route it matched, if any
        std::string requestId;         // empty for CORS preflights
        std::string keyId;             // the API key it was authenticated with, if any
    };

    // Everything but the metrics and the access log, which read `trace`.
    HttpResponse respond(const HttpRequest& request, RequestTrace& trace);
    HttpResponse process(const HttpRequest& request, const std::string& requestId,
                         RequestTrace& trace);
    // One line per request: info, or warning past SLOW_REQUEST_MS.
    void logAccess(const HttpRequest& request, const HttpResponse& response,
                   const RequestTrace& trace, double seconds) const;
    HttpResponse resolveUnmatched(const HttpRequest& request, const std::string& requestId,
                                  bool methodNotAllowed);
    // Returns an error response when the body is too large, of the wrong type or malformed.
    std::optional<HttpResponse> parseBody(RequestContext& context);
    // `replicaAllowed` false: run again on the primary after the read replica failed under it.
    HttpResponse runHandler(RequestContext& context, bool replicaAllowed = true);
    // Records the request's graph change in its transaction (before commit).
    std::optional<HttpResponse> checkParameterText(const RequestContext& context);
    void recordGraphChange(RequestContext& context);
    void scheduleCacheInvalidation(RequestContext& context);
    // Throws RateLimitExceeded when the route's scope bucket refuses the caller.
    void applyScopeLimit(RequestContext& context);

    App& app_;
    Router router_;
    HttpRequestMetrics httpMetrics_;  // after router_: keyed by the router's routes
    Counter& databaseUnavailable_;    // 503 DATABASE_UNAVAILABLE responses served
    CorsPolicy cors_;
    Authenticator authenticator_;
};

// The three security headers every response carries (00-decisions).
void addSecurityHeaders(HttpResponse& response);

}  // namespace tessera::server
