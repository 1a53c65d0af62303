#include "server/handlers/health.hpp"

#include "server/build_info.hpp"
#include "server/http/request_context.hpp"
#include "server/http/responses.hpp"
#include "store/connection_pool.hpp"

namespace tessera::server {
namespace {

// The build travels in headers (issue 18): the bodies stay exactly the spec's, which clients
// compare whole.
HttpResponse withBuild(HttpResponse response) {
    response.setHeader("X-Tessera-Version", std::string(buildVersion()));
    response.setHeader("X-Tessera-Revision", std::string(buildRevision()));
    return response;
}

}  // namespace

HttpResponse getHealth(RequestContext&) {
    return withBuild(jsonResponse(core::status::kOk, R"({"status":"healthy"})"));
}

HttpResponse getHealthLive(RequestContext&) {
    return withBuild(jsonResponse(core::status::kOk, R"({"status":"alive"})"));
}

HttpResponse getHealthReady(RequestContext& context) {
    std::string error;
    if (context.app.pool->ping(&error)) {
        return withBuild(jsonResponse(core::status::kOk, R"({"status":"ready","database":true})"));
    }
    // Load balancers read the status: 503 while the database cannot be reached.
    return withBuild(jsonResponseWith(core::status::kServiceUnavailable, [&](core::JsonWriter& w) {
        w.StartObject();
        w.Key("status");
        w.String("not_ready");
        w.Key("database");
        w.Bool(false);
        w.Key("error");
        core::writeString(w, error);
        w.EndObject();
    }));
}

}  // namespace tessera::server
