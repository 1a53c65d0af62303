// Contract publishing and contract reads (spec 02 §5–§7): POST/GET /assets/{id}/contracts,
// …/contracts/history, …/contracts/diff, GET /contracts, POST /contracts/compare,
// GET /contracts/{id}, GET /contracts/{id}/registrations.
#pragma once

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

HttpResponse publishContract(RequestContext& context);
HttpResponse listAssetContracts(RequestContext& context);
HttpResponse getContractHistory(RequestContext& context);
HttpResponse diffAssetContracts(RequestContext& context);
HttpResponse listContracts(RequestContext& context);
HttpResponse compareContracts(RequestContext& context);
HttpResponse getContract(RequestContext& context);
HttpResponse listContractRegistrations(RequestContext& context);

}  // namespace tessera::server
