// /api/v1/webhooks/deliveries (spec 04 §3.6): what happened to each outbound webhook.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse listWebhookDeliveries(RequestContext& context);
HttpResponse getWebhookDelivery(RequestContext& context);

}  // namespace tessera::server
