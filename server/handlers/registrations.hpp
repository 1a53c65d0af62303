// /api/v1/registrations (spec 02 §8): a consumer team registers for one contract.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse createRegistration(RequestContext& context);
HttpResponse listRegistrations(RequestContext& context);
HttpResponse getRegistration(RequestContext& context);
HttpResponse updateRegistration(RequestContext& context);
HttpResponse deleteRegistration(RequestContext& context);

}  // namespace tessera::server
