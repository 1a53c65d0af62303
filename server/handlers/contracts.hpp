// Contract reads (spec 02 §6–§7): GET /assets/{id}/contracts, …/contracts/history,
// …/contracts/diff, GET /contracts, POST /contracts/compare, GET /contracts/{id}, GET
// /contracts/{id}/registrations.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse listAssetContracts(RequestContext& context);
HttpResponse getContractHistory(RequestContext& context);
HttpResponse diffAssetContracts(RequestContext& context);
HttpResponse listContracts(RequestContext& context);
HttpResponse compareContracts(RequestContext& context);
HttpResponse getContract(RequestContext& context);
HttpResponse listContractRegistrations(RequestContext& context);

}  // namespace tessera::server
