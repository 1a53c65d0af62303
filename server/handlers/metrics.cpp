#include "server/handlers/metrics.hpp"

#include "server/http/request_context.hpp"
#include "server/metrics/metrics_registry.hpp"

namespace tessera::server {

HttpResponse getMetrics(RequestContext& context) {
    HttpResponse response;
    response.contentType = kPrometheusContentType;
    response.body = context.app.metrics.render();
    return response;
}

}  // namespace tessera::server
