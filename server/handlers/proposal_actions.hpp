// The proposal transitions (spec 03 §9.6–§9.9): POST /proposals/{id}/acknowledge, /withdraw,
// /force, /publish.
#pragma once

#include <cstddef>

#include "server/http/http_types.hpp"

namespace tessera::server {
class RequestContext;

// Longest acknowledgment `notes` (spec 01 §15), also read by the OpenAPI document.
inline constexpr size_t kMaxNotesLength = 2000;

HttpResponse acknowledgeProposal(RequestContext& context);
HttpResponse withdrawProposal(RequestContext& context);
HttpResponse forceApproveProposal(RequestContext& context);
HttpResponse publishProposal(RequestContext& context);

}  // namespace tessera::server
